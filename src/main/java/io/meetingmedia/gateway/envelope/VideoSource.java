package io.meetingmedia.gateway.envelope;

import java.util.Locale;

/** Where a participant's video comes from. */
public enum VideoSource {
  WEBCAM,
  SCREENSHARE;

  /** @return the lowercase wire name used in headers and event payloads */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param value a vendor's source string
   * @return the source, or {@code null} when the value is not a known source
   */
  public static VideoSource fromWire(String value) {
    if (value == null) {
      return null;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "webcam":
        return WEBCAM;
      case "screenshare":
        return SCREENSHARE;
      default:
        return null;
    }
  }
}
