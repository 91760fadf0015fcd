package io.meetingmedia.gateway.simulator.media;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;

/**
 * Draws test-pattern frames in memory (headless java.awt): colour bars, a colour ramp, small dots at a fixed density,
 * a moving ball and a frame label. The density was tuned so that PNG sizes match what protocols.md §7 measured with
 * ffmpeg's testsrc2 (640×360 about 30 KB, 1280×720 about 107 KB); the noisy variant adds ±12 of uniform luma noise,
 * like the {@code noise=alls=12} filter used there (about 415 KB at 640×360). Gradients are written pixel by pixel:
 * Java2D's GradientPaint dithers and would inflate PNGs.
 */
public final class ImagePainter {
  private static final int NOISE = 12;
  private static final int DOTS_PER_360P = 120;
  private static final int DOT = 15;
  private static final int[] BARS = {0xC0C0C0, 0xC0C000, 0x00C0C0, 0x00C000, 0xC000C0, 0xC00000, 0x0000C0};

  private ImagePainter() {
  }

  /**
   * @param width   pixels
   * @param height  pixels
   * @param index   frame number: moves the ball, the dots and the label, so frames differ
   * @param content smooth pattern or pattern plus noise
   * @return an RGB image
   */
  public static BufferedImage paint(int width, int height, int index, Content content) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    int barsHeight = height * 2 / 3;
    int barWidth = (width + BARS.length - 1) / BARS.length;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb;
        if (y < barsHeight) {
          rgb = BARS[(x / barWidth + index) % BARS.length];
        } else {
          int r = x * 255 / Math.max(1, width - 1);
          rgb = (r << 16) | (128 << 8) | (255 - r);
        }
        pixels[y * width + x] = rgb;
      }
    }
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      SplittableRandom random = new SplittableRandom(0xD075L + index);
      long dots = (long) DOTS_PER_360P * width * height / (640 * 360);
      for (long i = 0; i < dots; i++) {
        g.setColor(new Color(random.nextInt(0x1000000)));
        g.fillOval(random.nextInt(width), random.nextInt(height), DOT, DOT);
      }
      double phase = index * 0.37;
      int radius = height / 5;
      int cx = (int) (width / 2 + Math.cos(phase) * width / 3);
      int cy = (int) (height / 2 + Math.sin(phase * 1.3) * height / 4);
      g.setColor(new Color(255, 140, 0));
      g.fillOval(cx - radius, cy - radius, radius * 2, radius * 2);
      g.setStroke(new BasicStroke(Math.max(2, height / 120f)));
      g.setColor(Color.WHITE);
      g.drawOval(cx - radius, cy - radius, radius * 2, radius * 2);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, height / 8)));
      String label = "frame " + index;
      g.setColor(Color.BLACK);
      g.drawString(label, width / 20 + 3, height / 6 + 3);
      g.setColor(Color.WHITE);
      g.drawString(label, width / 20, height / 6);
    } finally {
      g.dispose();
    }
    if (content == Content.NOISY) {
      addLumaNoise(pixels, 0x5EED_0000L + index);
    }
    return image;
  }

  private static void addLumaNoise(int[] pixels, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < pixels.length; i++) {
      int p = pixels[i];
      int d = random.nextInt(-NOISE, NOISE + 1);
      pixels[i] = (clamp(((p >> 16) & 0xFF) + d) << 16) | (clamp(((p >> 8) & 0xFF) + d) << 8) | clamp((p & 0xFF) + d);
    }
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(255, v);
  }
}
