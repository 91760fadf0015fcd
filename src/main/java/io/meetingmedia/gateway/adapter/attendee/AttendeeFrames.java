package io.meetingmedia.gateway.adapter.attendee;

import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.media.MediaSniffer;
import io.meetingmedia.gateway.adapter.support.Base64Slice;

/**
 * Turns Attendee's {@code data.frame} into JPEG bytes, accepting the three forms bots in the field send: plain
 * base64 (current), base64 behind a {@code data:image/jpeg;base64,} prefix, and the encoding used before April
 * 2026, where the base64 decodes to the ASCII text of such a data URL and must be decoded a second time.
 */
final class AttendeeFrames {
  static final String PATH = "data.frame";
  private static final String DATA_URL = "data:";
  private static final String LEGACY_PREFIX = "data:image/";
  private static final String BASE64_MARKER = ";base64";
  /** A data URL's header ({@code data:<mime>;base64,}) is short; never scan a frame's megabytes for its comma. */
  private static final int MAX_DATA_URL_HEADER = 256;

  private AttendeeFrames() {
  }

  /**
   * @return the JPEG bytes
   * @throws BadMessageException {@code invalid_base64} for bad base64 or a data URL that is not base64,
   *     {@code magic_mismatch} when the result is not a JPEG
   */
  static byte[] decodeJpeg(Base64Slice frame) throws BadMessageException {
    byte[] bytes = stripDataUrl(frame, PATH).decode(PATH);
    if (startsWith(bytes, LEGACY_PREFIX)) {
      String inner = PATH + " (inner data URL)";
      bytes = stripDataUrl(Base64Slice.of(bytes, 0, bytes.length), inner).decode(inner);
    }
    if (!MediaSniffer.isJpeg(bytes)) {
      throw new BadMessageException(BadMessageReason.MAGIC_MISMATCH, "'" + PATH + "' is not a JPEG image");
    }
    return bytes;
  }

  private static Base64Slice stripDataUrl(Base64Slice text, String path) throws BadMessageException {
    if (!text.startsWith(DATA_URL)) {
      return text;
    }
    int comma = text.indexOf((byte) ',', MAX_DATA_URL_HEADER);
    if (comma < 0 || !text.regionMatches(comma - BASE64_MARKER.length(), BASE64_MARKER)) {
      throw new BadMessageException(BadMessageReason.INVALID_BASE64,
          "'" + path + "' is a data URL without ';base64,'");
    }
    return text.from(comma + 1);
  }

  private static boolean startsWith(byte[] bytes, String ascii) {
    if (bytes.length < ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (bytes[i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
