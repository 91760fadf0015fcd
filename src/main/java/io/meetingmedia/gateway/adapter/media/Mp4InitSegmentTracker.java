package io.meetingmedia.gateway.adapter.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the initialisation segment ({@code ftyp} … {@code moov}) at the start of a fragmented MP4 byte stream that
 * arrives in chunks whose boundaries have nothing to do with box boundaries. It walks the top-level box headers
 * (32-bit size, or 64-bit size when the 32-bit size is 1), carrying a header that is split between two chunks over
 * to the next one, and never searches for ASCII {@code moov} inside payload bytes, where it can occur by chance.
 *
 * <p>Nothing is copied while scanning: the tracker keeps references to the chunks it has seen (which the caller
 * must not modify; envelope payloads are immutable anyway) and copies the segment out once, at exactly its size,
 * when the {@code moov} box ends. It gives up, and stops holding chunks, as soon as the stream cannot have an init
 * segment within the limit: the first box is not {@code ftyp}, a header is not a valid box header, a media box
 * ({@code moof}, {@code mdat}) comes before {@code moov}, or the boxes declared so far exceed the limit.
 *
 * <p>One tracker per stream; not thread-safe.
 */
public final class Mp4InitSegmentTracker {
  /** Where the tracker stands. */
  public enum State {
    /** Still reading boxes before the end of {@code moov}. */
    SCANNING,
    /** The init segment was found and returned. */
    COMPLETE,
    /** The stream has no usable init segment; {@link #failure()} says why. */
    UNAVAILABLE
  }

  private static final int FTYP = fourCc("ftyp");
  private static final int MOOV = fourCc("moov");
  private static final int MOOF = fourCc("moof");
  private static final int MDAT = fourCc("mdat");

  private final int maxBytes;
  private final List<byte[]> held = new ArrayList<>();
  private final byte[] header = new byte[16];
  private int headerFill;
  private long bodyLeft;
  private int boxType;
  private int boxes;
  /** Bytes of the stream consumed so far (the stream offset of the next byte). */
  private long scanned;
  private State state = State.SCANNING;
  private String failure;

  /** @param maxBytes the largest init segment accepted; a stream whose {@code moov} ends later has none */
  public Mp4InitSegmentTracker(int maxBytes) {
    if (maxBytes < 16) {
      throw new IllegalArgumentException("maxBytes must be at least 16");
    }
    this.maxBytes = maxBytes;
  }

  /**
   * Feeds the next chunk of the stream.
   *
   * @param chunk the chunk; kept by reference until the segment is complete or the tracker gives up
   * @return the complete init segment when this chunk completes it, else {@code null}
   */
  public byte[] feed(byte[] chunk) {
    if (state != State.SCANNING || chunk.length == 0) {
      return null;
    }
    held.add(chunk);
    int i = 0;
    while (i < chunk.length) {
      if (bodyLeft > 0) {
        int n = (int) Math.min(bodyLeft, chunk.length - i);
        i += n;
        scanned += n;
        bodyLeft -= n;
      } else {
        header[headerFill++] = chunk[i++];
        scanned++;
        if (!headerComplete()) {
          continue;
        }
        readHeader();
        if (state == State.UNAVAILABLE) {
          return null;
        }
      }
      if (bodyLeft == 0 && boxType == MOOV) {
        return complete(i);
      }
    }
    return null;
  }

  /** @return true once {@link #header} holds a whole box header (8 bytes, or 16 with a 64-bit size) */
  private boolean headerComplete() {
    return headerFill >= 8 && (readUint32(header, 0) != 1 || headerFill == 16);
  }

  /** Checks the box header just read and sets up skipping its body, or gives up. */
  private void readHeader() {
    int headerLength = headerFill;
    headerFill = 0;
    long size = headerLength == 16 ? readInt64(header, 8) : readUint32(header, 0);
    boxType = readInt32(header, 4);
    long boxStart = scanned - headerLength;
    if (!printable(boxType)) {
      giveUp("no MP4 box header at stream offset " + boxStart);
    } else if (boxes++ == 0 && boxType != FTYP) {
      giveUp("the stream does not start with an ftyp box");
    } else if (size == 0) {
      giveUp("box '" + name(boxType) + "' at offset " + boxStart + " extends to the end of the stream");
    } else if (size < headerLength) {
      giveUp("box '" + name(boxType) + "' at offset " + boxStart + " declares an impossible size " + size);
    } else if (boxType == MOOF || boxType == MDAT) {
      giveUp("media box '" + name(boxType) + "' before any moov box");
    } else if (size > maxBytes - boxStart) {
      giveUp("no moov box ends within the first " + maxBytes + " bytes");
    } else {
      bodyLeft = size - headerLength;
    }
  }

  private byte[] complete(int usedOfLastChunk) {
    byte[] segment = new byte[(int) scanned];
    int at = 0;
    for (int c = 0; c < held.size(); c++) {
      byte[] chunk = held.get(c);
      int n = c == held.size() - 1 ? usedOfLastChunk : chunk.length;
      System.arraycopy(chunk, 0, segment, at, n);
      at += n;
    }
    held.clear();
    state = State.COMPLETE;
    return segment;
  }

  private void giveUp(String why) {
    state = State.UNAVAILABLE;
    failure = why;
    held.clear();
  }

  /** @return the current state */
  public State state() {
    return state;
  }

  /** @return why there is no init segment, once {@link State#UNAVAILABLE}; else {@code null} */
  public String failure() {
    return failure;
  }

  /** @return bytes of the stream read so far while scanning */
  public long scannedBytes() {
    return scanned;
  }

  /**
   * Marks the end of the stream; a tracker still scanning gives up.
   *
   * @return true when this call made the tracker give up (the stream ended inside the init segment)
   */
  public boolean endOfStream() {
    if (state != State.SCANNING) {
      return false;
    }
    giveUp(scanned == 0 ? "the stream ended before any bytes arrived"
        : "the stream ended after " + scanned + " bytes, before a moov box was complete");
    return true;
  }

  private static boolean printable(int fourCc) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      int c = (fourCc >>> shift) & 0xFF;
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  private static String name(int fourCc) {
    return new String(new char[] {(char) (fourCc >>> 24), (char) ((fourCc >>> 16) & 0xFF),
        (char) ((fourCc >>> 8) & 0xFF), (char) (fourCc & 0xFF)});
  }

  private static int fourCc(String s) {
    return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
  }

  private static int readInt32(byte[] b, int offset) {
    return ((b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16) | ((b[offset + 2] & 0xFF) << 8)
        | (b[offset + 3] & 0xFF);
  }

  private static long readUint32(byte[] b, int offset) {
    return readInt32(b, offset) & 0xFFFFFFFFL;
  }

  private static long readInt64(byte[] b, int offset) {
    return (readUint32(b, offset) << 32) | readUint32(b, offset + 4);
  }
}
