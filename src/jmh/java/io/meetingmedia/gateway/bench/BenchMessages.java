package io.meetingmedia.gateway.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The vendor messages the micro-benchmarks feed to the adapters: real PNG/JPEG images wrapped exactly as each vendor
 * sends them (protocols.md), so the measured bytes per second are bytes of genuine wire messages.
 */
final class BenchMessages {
  /** A session warm-up message (sent once in set-up) and the message measured in the loop. */
  record Case(String vendor, byte[] hello, boolean helloIsText, byte[] message, boolean text, byte[] payload) {
  }

  private BenchMessages() {
  }

  static Case of(String name) {
    switch (name) {
      case "recall-png-360p-smooth":
        return recall(image(640, 360, 0, "png"));   // ~22 KB
      case "recall-png-360p-noisy":
        return recall(image(640, 360, 5, "png"));   // ~400 KB
      case "attendee-jpeg-360p":
        return attendee(image(640, 360, 15, "jpg")); // ~38 KB
      case "recall-legacy-720p-noisy":
        return legacy(image(1280, 720, 6, "png"));  // ~1.6 MB
      case "meetstream-fmp4-64k":
        return meetstream(65536);
      default:
        throw new IllegalArgumentException("unknown case " + name);
    }
  }

  private static Case recall(byte[] png) {
    String json = "{\"event\":\"video_separate_png.data\",\"data\":{\"data\":{\"buffer\":\""
        + Base64.getEncoder().encodeToString(png) + "\",\"timestamp\":{\"relative\":12.5,\"absolute\":"
        + "\"2026-10-06T08:10:00.123456Z\"},\"type\":\"webcam\",\"participant\":{\"id\":100,\"name\":\"Jane Doe\","
        + "\"is_host\":true,\"platform\":\"desktop\",\"extra_data\":{}}},"
        + "\"realtime_endpoint\":{\"id\":\"5b0d3c1e-6a2f-4a57-9f0e-1d2c3b4a5e6f\",\"metadata\":{}},"
        + "\"video_separate\":{\"id\":\"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\",\"metadata\":{}},"
        + "\"recording\":{\"id\":\"9a8b7c6d-5e4f-3a2b-1c0d-efab12345678\",\"metadata\":{}},"
        + "\"bot\":{\"id\":\"bot-8c1f2e3d\",\"metadata\":{\"customer\":\"acme\"}}}}";
    return new Case("recall", null, true, json.getBytes(StandardCharsets.UTF_8), true, png);
  }

  private static Case attendee(byte[] jpeg) {
    String json = "{\"trigger\":\"realtime_video.per_participant\",\"bot_id\":\"bot_12345abcdef\",\"data\":{"
        + "\"frame\":\"" + Base64.getEncoder().encodeToString(jpeg) + "\",\"format\":\"jpeg\","
        + "\"participant_uuid\":\"497ce673-dffc-3308-92ea-0f13007fe811\",\"source\":\"webcam\"}}";
    return new Case("attendee", null, true, json.getBytes(StandardCharsets.UTF_8), true, jpeg);
  }

  private static Case legacy(byte[] png) {
    byte[] hello = "{\"protocol_version\": 1, \"bot_id\": \"bot-legacy-1\"}".getBytes(StandardCharsets.UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(8 + png.length).order(ByteOrder.LITTLE_ENDIAN);
    frame.putInt(100).putInt(12_500).put(png);
    return new Case("recall-legacy", hello, true, frame.array(), false, png);
  }

  private static Case meetstream(int chunkBytes) {
    byte[] start = ("{\"type\":\"video_stream_start\",\"bot_id\":\"bot-123\",\"codec\":\"h264\",\"audio_codec\":"
        + "\"aac\",\"container\":\"fmp4\",\"width\":1920,\"height\":1080,\"framerate\":25,"
        + "\"audio_sample_rate\":44100,\"audio_bitrate\":\"128k\"}").getBytes(StandardCharsets.UTF_8);
    // media chunk: a moof+mdat-shaped run of random (incompressible) bytes, as H.264 slices are
    byte[] chunk = new byte[chunkBytes];
    new Random(7).nextBytes(chunk);
    ByteBuffer b = ByteBuffer.wrap(chunk);
    b.putInt(0, 104).put(4, (byte) 'm').put(5, (byte) 'o').put(6, (byte) 'o').put(7, (byte) 'f');
    b.putInt(104, chunkBytes - 104).put(108, (byte) 'm').put(109, (byte) 'd').put(110, (byte) 'a')
        .put(111, (byte) 't');
    return new Case("meetstream", start, true, chunk, false, chunk);
  }

  /**
   * A camera-like frame: gradients, a shape and a caption, plus per-pixel noise of +-{@code noise} levels. Noise is
   * what makes real camera PNGs large; the amplitudes above give the sizes the end-to-end benchmark sends.
   */
  static byte[] image(int width, int height, int noise, String format) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(7);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int n = noise == 0 ? 0 : random.nextInt(noise * 2 + 1) - noise;
        int r = clamp(x * 255 / width + n);
        int g = clamp((y / 8) * 8 * 255 / height + n);
        int b = clamp(128 + ((x / 40 + y / 40) % 2) * 60 + n);
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x3366CC));
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, height / 8));
    g.setColor(Color.WHITE);
    g.drawString("participant 100", width / 10, height / 6);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  /** The init segment (ftyp + moov) a MeetStream session must see before media chunks. */
  static byte[] initSegment() {
    ByteBuffer b = ByteBuffer.allocate(24 + 1024);
    b.putInt(24).put("ftyp".getBytes(StandardCharsets.US_ASCII)).put("isom".getBytes(StandardCharsets.US_ASCII))
        .putInt(512).put("isomiso6".getBytes(StandardCharsets.US_ASCII));
    b.putInt(1024).put("moov".getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }
}
