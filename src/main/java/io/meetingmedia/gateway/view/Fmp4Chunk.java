package io.meetingmedia.gateway.view;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One record of a MeetStream fMP4 stream as viewers get it. MeetStream chunks are slices of the byte stream cut
 * anywhere, even inside a box, so a viewer can only (re)start where a fragment begins: {@link #fromFragment()} is
 * the chunk from its first {@code moof} box on. Both messages are built at most once, whatever the number of
 * viewers.
 */
final class Fmp4Chunk {
  private final JsonObject header;
  private final Buffer payload;
  private final boolean streamStart;
  private Buffer whole;
  private Buffer fromFragment;
  private boolean searched;

  /**
   * @param header      the frame header ({@link FrameMessage})
   * @param payload     the record's value
   * @param streamStart true when the chunk begins a new stream of its bot (byte offset 0)
   */
  Fmp4Chunk(JsonObject header, Buffer payload, boolean streamStart) {
    this.header = header;
    this.payload = payload;
    this.streamStart = streamStart;
  }

  /** @return true when this chunk begins a new stream of the bot: whatever a viewer played before cannot go on */
  boolean streamStart() {
    return streamStart;
  }

  /** @return the whole chunk as a message */
  Buffer whole() {
    if (whole == null) {
      whole = FrameMessage.of(header, payload);
    }
    return whole;
  }

  /** @return the chunk from its first fragment on as a message, or {@code null} when no fragment starts in it */
  Buffer fromFragment() {
    if (!searched) {
      searched = true;
      int moof = fragmentStart(payload);
      if (moof == 0) {
        fromFragment = whole();
      } else if (moof > 0) {
        fromFragment = FrameMessage.of(header, payload.slice(moof, payload.length()));
      }
    }
    return fromFragment;
  }

  /**
   * @return where the first fMP4 fragment of the chunk begins: a {@code moof} box whose first child is
   *     {@code mfhd}, or -1. The two box types together, with a plausible size, do not occur by chance in media data
   *     often enough to matter; a {@code moof} whose header is split between two chunks is missed, and the viewer
   *     starts at the next fragment.
   */
  static int fragmentStart(Buffer chunk) {
    for (int i = 0; i + 16 <= chunk.length(); i++) {
      if (chunk.getByte(i + 4) == 'm' && chunk.getByte(i + 5) == 'o' && chunk.getByte(i + 6) == 'o'
          && chunk.getByte(i + 7) == 'f' && chunk.getByte(i + 12) == 'm' && chunk.getByte(i + 13) == 'f'
          && chunk.getByte(i + 14) == 'h' && chunk.getByte(i + 15) == 'd' && chunk.getInt(i) > 16
          && chunk.getInt(i + 8) == 16) {
        return i;
      }
    }
    return -1;
  }
}
