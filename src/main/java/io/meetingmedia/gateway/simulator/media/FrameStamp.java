package io.meetingmedia.gateway.simulator.media;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.zip.CRC32;

/**
 * The send time embedded in an image so that a consumer can measure end-to-end latency from the Kafka record alone,
 * while the image stays valid: a PNG {@code tEXt} chunk just before {@code IEND}, or a JPEG {@code COM} segment just
 * after {@code SOI}. Both hold the keyword {@value #KEYWORD} and the epoch microseconds as 16 decimal digits, so the
 * inserted length is fixed ({@value #PNG_CHUNK_LENGTH} bytes for PNG, {@value #JPEG_SEGMENT_LENGTH} for JPEG).
 */
public final class FrameStamp {
  /** PNG tEXt keyword and JPEG comment prefix. */
  public static final String KEYWORD = "mmgSentAtMicros";
  private static final int DIGITS = 16;
  private static final byte[] TEXT = "tEXt".getBytes(StandardCharsets.US_ASCII);
  /** length(4) + type(4) + keyword + NUL + digits + CRC(4). */
  public static final int PNG_CHUNK_LENGTH = 4 + 4 + 15 + 1 + DIGITS + 4;
  /**
   * marker(2) + length(2) + "mmgSentAtMicros=" + digits + one space. The space makes SOI + COM 39 bytes, a multiple
   * of 3, so the base64 of the rest of the image can be computed once and appended unchanged.
   */
  public static final int JPEG_SEGMENT_LENGTH = 2 + 2 + 16 + DIGITS + 1;

  private FrameStamp() {
  }

  /** @return a complete PNG {@code tEXt} chunk holding the time */
  public static byte[] pngChunk(long epochMicros) {
    byte[] chunk = new byte[PNG_CHUNK_LENGTH];
    int dataLength = PNG_CHUNK_LENGTH - 12;
    writeInt(chunk, 0, dataLength);
    System.arraycopy(TEXT, 0, chunk, 4, 4);
    byte[] keyword = KEYWORD.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(keyword, 0, chunk, 8, keyword.length);
    chunk[8 + keyword.length] = 0;
    writeDigits(chunk, 9 + keyword.length, epochMicros);
    CRC32 crc = new CRC32();
    crc.update(chunk, 4, 4 + dataLength);
    writeInt(chunk, 8 + dataLength, (int) crc.getValue());
    return chunk;
  }

  /** @return a complete JPEG {@code COM} segment holding the time */
  public static byte[] jpegSegment(long epochMicros) {
    byte[] segment = new byte[JPEG_SEGMENT_LENGTH];
    segment[0] = (byte) 0xFF;
    segment[1] = (byte) 0xFE;
    int length = JPEG_SEGMENT_LENGTH - 2;
    segment[2] = (byte) (length >> 8);
    segment[3] = (byte) length;
    byte[] prefix = (KEYWORD + "=").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, segment, 4, prefix.length);
    writeDigits(segment, 4 + prefix.length, epochMicros);
    segment[JPEG_SEGMENT_LENGTH - 1] = ' ';
    return segment;
  }

  /**
   * Reads the stamp back, for consumers measuring latency and for tests.
   *
   * @param image PNG or JPEG bytes
   * @return the epoch microseconds, or empty when the image carries no stamp
   */
  public static OptionalLong read(byte[] image) {
    if (image.length > 8 && (image[0] & 0xFF) == 0x89 && image[1] == 'P') {
      return readPng(image);
    }
    if (image.length > 4 && (image[0] & 0xFF) == 0xFF && (image[1] & 0xFF) == 0xD8) {
      return readJpeg(image);
    }
    return OptionalLong.empty();
  }

  private static OptionalLong readPng(byte[] b) {
    int i = 8;
    byte[] keyword = KEYWORD.getBytes(StandardCharsets.US_ASCII);
    while (i + 8 <= b.length) {
      int length = readInt(b, i);
      if (length < 0 || i + 12L + length > b.length) {
        return OptionalLong.empty();
      }
      if (b[i + 4] == 't' && b[i + 5] == 'E' && b[i + 6] == 'X' && b[i + 7] == 't'
          && length == keyword.length + 1 + DIGITS && regionEquals(b, i + 8, keyword)) {
        return parseDigits(b, i + 8 + keyword.length + 1);
      }
      i += 12 + length;
    }
    return OptionalLong.empty();
  }

  private static OptionalLong readJpeg(byte[] b) {
    byte[] prefix = (KEYWORD + "=").getBytes(StandardCharsets.US_ASCII);
    int i = 2;
    while (i + 4 <= b.length && (b[i] & 0xFF) == 0xFF) {
      int marker = b[i + 1] & 0xFF;
      int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
      if (marker == 0xFE && length >= 2 + prefix.length + DIGITS && regionEquals(b, i + 4, prefix)) {
        return parseDigits(b, i + 4 + prefix.length);
      }
      if (marker == 0xDA) {
        break;
      }
      i += 2 + length;
    }
    return OptionalLong.empty();
  }

  private static OptionalLong parseDigits(byte[] b, int offset) {
    if (offset + DIGITS > b.length) {
      return OptionalLong.empty();
    }
    long value = 0;
    for (int i = 0; i < DIGITS; i++) {
      int d = b[offset + i] - '0';
      if (d < 0 || d > 9) {
        return OptionalLong.empty();
      }
      value = value * 10 + d;
    }
    return OptionalLong.of(value);
  }

  private static boolean regionEquals(byte[] b, int offset, byte[] expected) {
    if (offset + expected.length > b.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (b[offset + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static void writeDigits(byte[] b, int offset, long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative time");
    }
    long v = value;
    for (int i = DIGITS - 1; i >= 0; i--) {
      b[offset + i] = (byte) ('0' + v % 10);
      v /= 10;
    }
  }

  static void writeInt(byte[] b, int offset, int v) {
    b[offset] = (byte) (v >>> 24);
    b[offset + 1] = (byte) (v >>> 16);
    b[offset + 2] = (byte) (v >>> 8);
    b[offset + 3] = (byte) v;
  }

  static int readInt(byte[] b, int offset) {
    return ((b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16) | ((b[offset + 2] & 0xFF) << 8)
        | (b[offset + 3] & 0xFF);
  }
}
