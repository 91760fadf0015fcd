package io.meetingmedia.gateway.simulator.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Encodes frames with ImageIO once, at start-up; nothing is encoded while sending. */
public final class ImageEncoder {
  private ImageEncoder() {
  }

  /** @return PNG bytes */
  public static byte[] png(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight());
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no ImageIO PNG writer");
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param quality 0..1, the IJG scale Attendee uses (0.70 at 360p, 0.60 at 720p, 0.50 at 1080p)
   * @return baseline JPEG bytes
   */
  public static byte[] jpeg(BufferedImage image, float quality) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException("no ImageIO JPEG writer");
    }
    ImageWriter writer = writers.next();
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4);
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        writer.write(null, new IIOImage(image, null, null), param);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  /** @return the JPEG quality Attendee uses for a size ({@code RESOLUTION_PARAMS}, protocols.md §1.5) */
  public static float attendeeQuality(FrameSize size) {
    switch (size) {
      case P720:
        return 0.60f;
      case P1080:
        return 0.50f;
      default:
        return 0.70f;
    }
  }
}
