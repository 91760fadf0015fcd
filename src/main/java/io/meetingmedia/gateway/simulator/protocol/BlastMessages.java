package io.meetingmedia.gateway.simulator.protocol;

import io.meetingmedia.gateway.simulator.media.Content;
import io.meetingmedia.gateway.simulator.media.ImageEncoder;
import io.meetingmedia.gateway.simulator.media.ImagePainter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The vendor messages of the blast load mode ({@code simulator.blast}): real vendor shapes, built once, so that the
 * generator never formats, encodes or stamps anything while sending. Every message of a connection is the same
 * bytes on every repetition; the gateway numbers records itself, so repetition is harmless.
 */
public final class BlastMessages {
  /** One WebSocket message and the decoded payload bytes it should become in Kafka. */
  public record Message(boolean text, byte[] data, int payloadBytes) {
  }

  /** What one connection sends: the opening messages once, then {@code repeated} over and over. */
  public record Script(String botId, List<Message> opening, List<Message> repeated) {
  }

  private final String vendor;
  private final List<byte[]> images;

  private BlastMessages(String vendor, List<byte[]> images) {
    this.vendor = vendor;
    this.images = images;
  }

  /**
   * @param vendor  {@code recall} (base64 PNG in JSON) or {@code recall-legacy} (binary header + PNG)
   * @param width   image width
   * @param height  image height
   * @param content smooth or noisy images
   * @param pool    distinct images (at least 1)
   * @return the message factory; the images are painted and encoded here, once
   * @throws IllegalArgumentException for a vendor the blast mode does not speak
   */
  public static BlastMessages of(String vendor, int width, int height, Content content, int pool) {
    if (!"recall".equals(vendor) && !"recall-legacy".equals(vendor)) {
      throw new IllegalArgumentException("blast speaks recall and recall-legacy, not " + vendor);
    }
    if (pool < 1) {
      throw new IllegalArgumentException("--pool must be at least 1");
    }
    List<byte[]> images = IntStream.range(0, pool).parallel()
        .mapToObj(i -> ImageEncoder.png(ImagePainter.paint(width, height, i, content))).toList();
    return new BlastMessages(vendor, images);
  }

  /** @return the distinct PNGs (read-only) */
  public List<byte[]> images() {
    return images;
  }

  /** @return mean PNG size in bytes */
  public long meanImageBytes() {
    return Math.round(images.stream().mapToInt(b -> b.length).average().orElse(0));
  }

  /**
   * @param connection   index of the connection (its bot)
   * @param participants participants per connection on {@code recall}; ignored on {@code recall-legacy}, where a
   *                     connection is one participant's stream
   * @return the connection's messages
   */
  public Script script(int connection, int participants) {
    String botId = Identities.uuid("blast-bot", vendor, Integer.toString(connection));
    List<Message> repeated = new ArrayList<>();
    if ("recall".equals(vendor)) {
      RecallProtocol.Resources r = new RecallProtocol.Resources("blast", botId);
      String endpoint = RecallProtocol.resource(Identities.uuid("blast-endpoint", botId));
      String timestamp = "{\"relative\":12.5,\"absolute\":\"2026-01-01T00:00:12.500Z\"}";
      for (int i = 0; i < images.size(); i++) {
        for (int p = 0; p < participants; p++) {
          byte[] png = images.get((i + p) % images.size());
          String head = "{\"event\":\"video_separate_png.data\",\"data\":{\"data\":{\"buffer\":\"";
          String tail = "\",\"timestamp\":" + timestamp + ",\"type\":\"webcam\",\"participant\":"
              + RecallProtocol.participant(p) + "},\"realtime_endpoint\":" + endpoint + ",\"video_separate\":"
              + r.videoSeparate + ",\"recording\":" + r.recording + ",\"bot\":" + r.bot + "}}";
          byte[] b64 = java.util.Base64.getEncoder().encode(png);
          byte[] h = JsonText.utf8(head);
          byte[] t = JsonText.utf8(tail);
          byte[] data = new byte[h.length + b64.length + t.length];
          System.arraycopy(h, 0, data, 0, h.length);
          System.arraycopy(b64, 0, data, h.length, b64.length);
          System.arraycopy(t, 0, data, h.length + b64.length, t.length);
          repeated.add(new Message(true, data, png.length));
        }
      }
      return new Script(botId, List.of(), List.copyOf(repeated));
    }
    int participantId = RecallProtocol.participantId(connection);
    for (int i = 0; i < images.size(); i++) {
      byte[] png = images.get((i + connection) % images.size());
      byte[] data = ByteBuffer.allocate(RecallLegacyProtocol.HEADER_BYTES + png.length).order(ByteOrder.LITTLE_ENDIAN)
          .putInt(participantId).putInt(i * 100).put(png).array();
      repeated.add(new Message(false, data, png.length));
    }
    String hello = "{\"protocol_version\": 1, \"bot_id\": " + JsonText.quote(botId) + "}";
    return new Script(botId, List.of(new Message(true, JsonText.utf8(hello), 0)), List.copyOf(repeated));
  }
}
