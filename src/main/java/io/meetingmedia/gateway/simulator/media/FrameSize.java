package io.meetingmedia.gateway.simulator.media;

import java.util.Locale;

/** The three frame sizes vendors name ("360p", "720p", "1080p"), always 16:9 as Attendee letterboxes to them. */
public enum FrameSize {
  P360(640, 360),
  P720(1280, 720),
  P1080(1920, 1080);

  private final int width;
  private final int height;

  FrameSize(int width, int height) {
    this.width = width;
    this.height = height;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** @return the wire name, e.g. {@code 360p} */
  public String label() {
    return height + "p";
  }

  /**
   * @param value {@code 360p}, {@code 720p} or {@code 1080p}
   * @return the size
   * @throws IllegalArgumentException for anything else
   */
  public static FrameSize parse(String value) {
    for (FrameSize size : values()) {
      if (size.label().equals(value.toLowerCase(Locale.ROOT))) {
        return size;
      }
    }
    throw new IllegalArgumentException("size must be 360p, 720p or 1080p, not '" + value + "'");
  }
}
