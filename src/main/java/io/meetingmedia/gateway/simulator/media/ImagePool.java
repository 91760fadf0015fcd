package io.meetingmedia.gateway.simulator.media;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Distinct frames of one size, format and content, drawn and encoded in parallel at start-up and shared (read-only)
 * by every connection, so that payloads vary from frame to frame without any encoding while sending.
 */
public final class ImagePool {
  private final List<EncodedImage> images;

  private ImagePool(List<EncodedImage> images) {
    this.images = images;
  }

  /**
   * @param size      frame size
   * @param format    PNG or JPEG
   * @param content   smooth or noisy
   * @param count     distinct frames (at least 1)
   * @param quality   JPEG quality 0..1 (ignored for PNG)
   * @param stampable also cache what {@link EncodedImage#stampedBase64(long)} needs
   * @return the pool
   */
  public static ImagePool build(FrameSize size, ImageFormat format, Content content, int count, float quality,
      boolean stampable) {
    if (count < 1) {
      throw new IllegalArgumentException("a frame pool needs at least one frame");
    }
    List<EncodedImage> images = IntStream.range(0, count).parallel().mapToObj(i -> {
      BufferedImage image = ImagePainter.paint(size.width(), size.height(), i, content);
      byte[] bytes = format == ImageFormat.PNG ? ImageEncoder.png(image) : ImageEncoder.jpeg(image, quality);
      return new EncodedImage(format, size.width(), size.height(), bytes, stampable);
    }).collect(Collectors.toList());
    return new ImagePool(List.copyOf(images));
  }

  /** @return frame {@code index} modulo the pool size */
  public EncodedImage get(long index) {
    return images.get((int) Math.floorMod(index, (long) images.size()));
  }

  public int size() {
    return images.size();
  }

  /** @return the mean encoded size in bytes */
  public long meanBytes() {
    return Math.round(images.stream().mapToInt(i -> i.bytes().length).average().orElse(0));
  }
}
