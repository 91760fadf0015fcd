package io.meetingmedia.gateway.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Real PNG and JPEG images for tests, drawn in memory: what a bot's camera frame would be, byte for byte valid. */
public final class TestImages {
  private TestImages() {
  }

  /**
   * @param width  pixels
   * @param height pixels
   * @param seed   varies the content, so frames differ
   * @param noisy  adds per-pixel noise, which makes PNGs as large as camera frames
   * @return PNG bytes
   */
  public static byte[] png(int width, int height, long seed, boolean noisy) {
    return encode(draw(width, height, seed, noisy), "png");
  }

  /** @return JPEG bytes of a drawn image */
  public static byte[] jpeg(int width, int height, long seed) {
    return encode(draw(width, height, seed, true), "jpg");
  }

  private static BufferedImage draw(int width, int height, long seed, boolean noisy) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    Random random = new Random(seed);
    g.setColor(new Color(random.nextInt(0xFFFFFF)));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(random.nextInt(0xFFFFFF)));
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    if (noisy) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          image.setRGB(x, y, image.getRGB(x, y) ^ (random.nextInt() & 0x0F0F0F));
        }
      }
    }
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
