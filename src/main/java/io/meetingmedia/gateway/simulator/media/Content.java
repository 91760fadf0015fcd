package io.meetingmedia.gateway.simulator.media;

import java.util.Locale;

/**
 * What the frames show. {@code SMOOTH} is a synthetic test pattern (what a shared slide compresses like);
 * {@code NOISY} adds per-pixel sensor noise, which makes PNGs as large as real camera frames (protocols.md §7).
 */
public enum Content {
  SMOOTH,
  NOISY;

  /** @return the content for {@code smooth} or {@code noisy} */
  public static Content parse(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "smooth":
        return SMOOTH;
      case "noisy":
        return NOISY;
      default:
        throw new IllegalArgumentException("content must be smooth or noisy, not '" + value + "'");
    }
  }
}
