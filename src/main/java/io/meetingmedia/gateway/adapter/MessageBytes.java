package io.meetingmedia.gateway.adapter;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * A complete WebSocket message as a byte array. Vert.x hands each frame over in a heap buffer of its own, sized to the
 * frame and never written again, so a single-frame message is its backing array: adapters parse it (JSON) or keep it
 * as payload (fMP4) without a copy. Any other buffer is copied.
 */
public final class MessageBytes {
  private MessageBytes() {
  }

  /** @return the message's bytes: the buffer's own array when it holds exactly the message, else a copy */
  public static byte[] of(Buffer message) {
    if (message instanceof BufferInternal) {
      ByteBuf buf = ((BufferInternal) message).getByteBuf();
      if (buf.hasArray() && buf.arrayOffset() == 0 && buf.array().length == buf.readableBytes()) {
        return buf.array();
      }
    }
    return message.getBytes();
  }
}
