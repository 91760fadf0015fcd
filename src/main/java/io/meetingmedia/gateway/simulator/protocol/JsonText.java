package io.meetingmedia.gateway.simulator.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The few JSON building blocks the encoders need. Messages are assembled from constant byte arrays around cached
 * base64, so a JSON library (which would copy every payload into a tree and out again) is not used for sending.
 */
final class JsonText {
  private JsonText() {
  }

  /** @return {@code value} as a JSON string literal, quotes included */
  static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }

  /** @return seconds with millisecond precision and no exponent, e.g. {@code 12.500} */
  static String seconds(double seconds) {
    long millis = Math.max(0, Math.round(seconds * 1000));
    long frac = millis % 1000;
    return (millis / 1000) + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
