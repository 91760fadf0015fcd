package io.meetingmedia.gateway.adapter.media;

/**
 * Magic-byte checks and header reads for the payloads vendors send. Reading width and height from the image
 * header costs a few bytes of parsing and saves every consumer from decoding the image to learn its size.
 */
public final class MediaSniffer {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private MediaSniffer() {
  }

  /** @return true when the bytes start with the 8-byte PNG signature */
  public static boolean isPng(byte[] b) {
    return startsWith(b, 0, PNG);
  }

  /** @return true when the bytes start with {@code FF D8 FF} */
  public static boolean isJpeg(byte[] b) {
    return b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
  }

  /** @return true when the bytes start with an Annex-B start code {@code 00 00 01} or {@code 00 00 00 01} */
  public static boolean isAnnexB(byte[] b) {
    return (b.length >= 3 && b[0] == 0 && b[1] == 0 && b[2] == 1)
        || (b.length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 1);
  }

  /**
   * @return {@code [width, height]} from the PNG IHDR chunk, or {@code null} if the header is truncated
   */
  public static int[] pngSize(byte[] b) {
    if (!isPng(b) || b.length < 24) {
      return null;
    }
    return new int[] {readInt(b, 16), readInt(b, 20)};
  }

  /**
   * Walks JPEG markers to the first start-of-frame segment.
   *
   * @return {@code [width, height]}, or {@code null} if no SOF marker is found
   */
  public static int[] jpegSize(byte[] b) {
    if (!isJpeg(b)) {
      return null;
    }
    int i = 2;
    while (i + 9 < b.length) {
      if ((b[i] & 0xFF) != 0xFF) {
        return null;
      }
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++;
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i += 2;
        continue;
      }
      int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
      boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        int height = ((b[i + 5] & 0xFF) << 8) | (b[i + 6] & 0xFF);
        int width = ((b[i + 7] & 0xFF) << 8) | (b[i + 8] & 0xFF);
        return new int[] {width, height};
      }
      if (marker == 0xDA) {
        return null;
      }
      i += 2 + length;
    }
    return null;
  }

  /**
   * @return true when the Annex-B access unit contains an IDR slice (NAL unit type 5)
   */
  public static boolean isH264Keyframe(byte[] b) {
    for (int i = 0; i + 3 < b.length; i++) {
      if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
        int nalType = b[i + 3] & 0x1F;
        if (nalType == 5) {
          return true;
        }
        i += 2;
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] b, int offset, byte[] prefix) {
    if (b.length < offset + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int readInt(byte[] b, int offset) {
    return ((b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16) | ((b[offset + 2] & 0xFF) << 8)
        | (b[offset + 3] & 0xFF);
  }
}
