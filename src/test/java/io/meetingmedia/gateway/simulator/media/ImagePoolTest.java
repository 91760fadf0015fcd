package io.meetingmedia.gateway.simulator.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.adapter.media.MediaSniffer;
import io.netty.buffer.ByteBufUtil;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePoolTest {

  private static BufferedImage decode(byte[] bytes) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertNotNull(image, "ImageIO could not decode the image");
    return image;
  }

  @Test
  void pngFramesAreValidDistinctAndSizedLikeProtocolsMdSection7() throws IOException {
    ImagePool smooth = ImagePool.build(FrameSize.P360, ImageFormat.PNG, Content.SMOOTH, 4, 0, false);
    Set<String> distinct = new HashSet<>();
    for (int i = 0; i < smooth.size(); i++) {
      EncodedImage image = smooth.get(i);
      assertTrue(MediaSniffer.isPng(image.bytes()));
      assertArrayEquals(new int[] {640, 360}, MediaSniffer.pngSize(image.bytes()));
      BufferedImage decoded = decode(image.bytes());
      assertEquals(640, decoded.getWidth());
      assertEquals(360, decoded.getHeight());
      assertArrayEquals(Base64.getEncoder().encode(image.bytes()), image.base64());
      distinct.add(Base64.getEncoder().encodeToString(image.bytes()));
    }
    assertEquals(4, distinct.size(), "every pooled frame differs");
    // §7: 640x360 PNG, smooth 30,324 bytes, noisy 415,147 bytes
    assertTrue(smooth.meanBytes() > 20_000 && smooth.meanBytes() < 45_000, "smooth PNG " + smooth.meanBytes());
    ImagePool noisy = ImagePool.build(FrameSize.P360, ImageFormat.PNG, Content.NOISY, 2, 0, false);
    assertTrue(noisy.meanBytes() > 300_000 && noisy.meanBytes() < 550_000, "noisy PNG " + noisy.meanBytes());
    decode(noisy.get(1).bytes());
    assertEquals(smooth.get(1), smooth.get(5), "the pool wraps around");
  }

  @Test
  void jpegFramesUseAttendeeQualityAndRealisticSizes() throws IOException {
    for (Content content : Content.values()) {
      ImagePool pool = ImagePool.build(FrameSize.P360, ImageFormat.JPEG, content, 2,
          ImageEncoder.attendeeQuality(FrameSize.P360), false);
      EncodedImage image = pool.get(0);
      assertTrue(MediaSniffer.isJpeg(image.bytes()));
      assertArrayEquals(new int[] {640, 360}, MediaSniffer.jpegSize(image.bytes()));
      assertEquals(640, decode(image.bytes()).getWidth());
      // §1.6: 360p q70 JPEG about 15-45 KB
      assertTrue(pool.meanBytes() >= 15_000 && pool.meanBytes() <= 45_000, content + " JPEG " + pool.meanBytes());
    }
    assertEquals(0.70f, ImageEncoder.attendeeQuality(FrameSize.P360));
    assertEquals(0.60f, ImageEncoder.attendeeQuality(FrameSize.P720));
    assertEquals(0.50f, ImageEncoder.attendeeQuality(FrameSize.P1080));
  }

  @Test
  void largerSizesScale() {
    ImagePool p720 = ImagePool.build(FrameSize.P720, ImageFormat.PNG, Content.SMOOTH, 1, 0, false);
    assertArrayEquals(new int[] {1280, 720}, MediaSniffer.pngSize(p720.get(0).bytes()));
    // §7: 1280x720 smooth PNG 106,840 bytes
    assertTrue(p720.meanBytes() > 70_000 && p720.meanBytes() < 160_000, "720p PNG " + p720.meanBytes());
  }

  @Test
  void stampedImagesStayValidAndCarryTheSendTime() throws IOException {
    long micros = 1_793_000_000_123_456L;
    for (ImageFormat format : ImageFormat.values()) {
      ImagePool pool = ImagePool.build(FrameSize.P360, format, Content.SMOOTH, 3, 0.7f, true);
      for (int i = 0; i < pool.size(); i++) {
        EncodedImage image = pool.get(i);
        byte[] stamped = ByteBufUtil.getBytes(image.stampedBinary(micros + i));
        assertEquals(image.stampedLength(), stamped.length);
        assertEquals(OptionalLong.of(micros + i), FrameStamp.read(stamped), format + " frame " + i);
        assertFalse(FrameStamp.read(image.bytes()).isPresent(), "unstamped frames carry no stamp");
        BufferedImage decoded = decode(stamped);
        assertEquals(640, decoded.getWidth());
        assertEquals(decode(image.bytes()).getRGB(320, 180), decoded.getRGB(320, 180), "same pixels");
        // the cached-prefix base64 equals the base64 of the stamped bytes
        assertArrayEquals(Base64.getEncoder().encode(stamped), ByteBufUtil.getBytes(image.stampedBase64(micros + i)),
            format + " base64 frame " + i);
      }
    }
  }

  @Test
  void stampLayoutIsFixed() {
    byte[] chunk = FrameStamp.pngChunk(42);
    assertEquals(FrameStamp.PNG_CHUNK_LENGTH, chunk.length);
    assertEquals(FrameStamp.PNG_CHUNK_LENGTH - 12, FrameStamp.readInt(chunk, 0), "tEXt data length");
    assertEquals("tEXt", new String(chunk, 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals("mmgSentAtMicros\u00000000000000000042",
        new String(chunk, 8, chunk.length - 12, java.nio.charset.StandardCharsets.ISO_8859_1));
    byte[] segment = FrameStamp.jpegSegment(42);
    assertEquals(0xFF, segment[0] & 0xFF);
    assertEquals(0xFE, segment[1] & 0xFF);
    assertEquals(segment.length - 2, ((segment[2] & 0xFF) << 8) | (segment[3] & 0xFF));
    assertEquals(0, (2 + segment.length) % 3, "SOI + COM is base64-aligned");
    assertEquals("mmgSentAtMicros=0000000000000042 ",
        new String(segment, 4, segment.length - 4, java.nio.charset.StandardCharsets.US_ASCII));
  }
}
