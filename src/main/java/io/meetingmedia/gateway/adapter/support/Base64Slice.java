package io.meetingmedia.gateway.adapter.support;

import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * Base64 text that still lives inside the bytes it arrived in (a JSON message, or an already decoded payload).
 * Decoding straight from there is the one pass over a multi-megabyte frame the gateway cannot avoid: no
 * {@code String}, no {@code char[]}, no copy of the text first.
 */
public final class Base64Slice {
  private final byte[] bytes;
  private final int offset;
  private final int length;
  private final boolean jsonEscapes;

  private Base64Slice(byte[] bytes, int offset, int length, boolean jsonEscapes) {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IndexOutOfBoundsException("slice " + offset + "+" + length + " of " + bytes.length + " bytes");
    }
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    this.jsonEscapes = jsonEscapes;
  }

  /** @return a slice of plain bytes, e.g. a decoded payload that turned out to hold base64 text again */
  public static Base64Slice of(byte[] bytes, int offset, int length) {
    return new Base64Slice(bytes, offset, length, false);
  }

  /**
   * @return a slice of the raw content of a JSON string (between the quotes), which may contain JSON escapes
   *     such as {@code \/}; they are resolved only if plain decoding fails
   */
  static Base64Slice ofJsonString(byte[] message, int offset, int length) {
    return new Base64Slice(message, offset, length, true);
  }

  /** @return the number of text bytes */
  public int length() {
    return length;
  }

  /** @return true when the text starts with the ASCII {@code prefix} */
  public boolean startsWith(String prefix) {
    return regionMatches(0, prefix);
  }

  /** @return true when the text at {@code index} equals the ASCII {@code value} */
  public boolean regionMatches(int index, String value) {
    if (index < 0 || index + value.length() > length) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (bytes[offset + index + i] != (byte) value.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** @return the index of the first {@code value} among the first {@code limit} bytes, or -1 */
  public int indexOf(byte value, int limit) {
    int end = Math.min(length, limit);
    for (int i = 0; i < end; i++) {
      if (bytes[offset + i] == value) {
        return i;
      }
    }
    return -1;
  }

  /** @return the text from {@code index} to the end */
  public Base64Slice from(int index) {
    return new Base64Slice(bytes, offset + index, length - index, jsonEscapes);
  }

  /**
   * Decodes standard base64 (RFC 4648 §4, padding optional).
   *
   * @param path the field, for the error message
   * @return the decoded bytes, an array of exactly the decoded length
   * @throws BadMessageException {@code invalid_base64} naming the field
   */
  public byte[] decode(String path) throws BadMessageException {
    try {
      return decode(bytes, offset, length);
    } catch (IllegalArgumentException e) {
      if (jsonEscapes && indexOf((byte) '\\', length) >= 0) {
        try {
          // rare: an encoder escaped '/' as '\/'; let Jackson resolve the escapes of the quoted string
          String text = JsonMessages.MAPPER.readValue(bytes, offset - 1, length + 2, String.class);
          return Base64.getDecoder().decode(text);
        } catch (IOException | IllegalArgumentException again) {
          // fall through to the common answer
        }
      }
      throw new BadMessageException(BadMessageReason.INVALID_BASE64, "'" + path + "' is not valid base64");
    }
  }

  private static byte[] decode(byte[] src, int offset, int length) {
    ByteBuffer out = Base64.getDecoder().decode(ByteBuffer.wrap(src, offset, length));
    byte[] array = out.array();
    // the JDK sizes the array exactly from the length and padding; copy only if that ever changes
    return out.position() == 0 && out.limit() == array.length ? array
        : Arrays.copyOfRange(array, out.position(), out.limit());
  }

  @Override
  public String toString() {
    // never print payload text
    return "Base64Slice[" + length + " bytes]";
  }
}
