package io.meetingmedia.gateway.adapter.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * ISO-8601 instants in UTC ({@code 2026-01-01T00:00:12.500Z}) read and written without {@code DateTimeFormatter}:
 * the formatter's general resolver was 6 % of the gateway's CPU on small Recall messages (one vendor timestamp per
 * message) and {@code Instant.toString} another 1–2 % (three per record). Anything but the plain UTC form is left to
 * the JDK, so behaviour is exactly {@link Instant#parse} and {@link Instant#toString}.
 */
public final class IsoInstants {
  private IsoInstants() {
  }

  /**
   * @param text an instant as {@link Instant#parse} reads it
   * @return the instant
   * @throws java.time.format.DateTimeParseException as {@link Instant#parse}
   */
  public static Instant parse(CharSequence text) {
    Instant fast = parseUtc(text);
    return fast != null ? fast : Instant.parse(text);
  }

  /** @return the instant of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or {@code null} for any other text */
  private static Instant parseUtc(CharSequence s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > LocalDate.of(year, month, 1)
        .lengthOfMonth() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int fraction = n - 21;
      if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
        return null;
      }
      nanos = digits(s, 20, fraction);
      if (nanos < 0) {
        return null;
      }
      for (int i = fraction; i < 9; i++) {
        nanos *= 10;
      }
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nanos);
  }

  /** @return the decimal value of {@code len} ASCII digits at {@code from}, or -1 if one is not a digit */
  private static int digits(CharSequence s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * @param instant any instant
   * @return exactly {@link Instant#toString()}: a UTC instant with 0, 3, 6 or 9 fraction digits
   */
  public static String format(Instant instant) {
    return new String(formatAscii(instant), StandardCharsets.ISO_8859_1);
  }

  /**
   * @param instant any instant
   * @return the bytes of {@link #format}, which are ASCII and so also its UTF-8 form (a Kafka header value)
   */
  public static byte[] formatAscii(Instant instant) {
    long seconds = instant.getEpochSecond();
    // years 0..9999 only; the JDK writes the rest (signs, more digits)
    if (seconds < -62_167_219_200L || seconds >= 253_402_300_800L) {
      return instant.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
    long days = Math.floorDiv(seconds, 86_400);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    LocalDate date = LocalDate.ofEpochDay(days);
    int nanos = instant.getNano();
    int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
    byte[] c = new byte[fraction == 0 ? 20 : 21 + fraction];
    put(c, 0, date.getYear(), 4);
    c[4] = '-';
    put(c, 5, date.getMonthValue(), 2);
    c[7] = '-';
    put(c, 8, date.getDayOfMonth(), 2);
    c[10] = 'T';
    put(c, 11, secondOfDay / 3600, 2);
    c[13] = ':';
    put(c, 14, secondOfDay / 60 % 60, 2);
    c[16] = ':';
    put(c, 17, secondOfDay % 60, 2);
    if (fraction > 0) {
      c[19] = '.';
      put(c, 20, fraction == 3 ? nanos / 1_000_000 : fraction == 6 ? nanos / 1000 : nanos, fraction);
    }
    c[c.length - 1] = 'Z';
    return c;
  }

  private static void put(byte[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
