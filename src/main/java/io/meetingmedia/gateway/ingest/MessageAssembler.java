package io.meetingmedia.gateway.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Reassembles fragmented WebSocket messages from frames, enforcing the route's message limit as frames arrive,
 * so that an oversized message is refused before it is fully buffered. A single-frame message (the common case)
 * is copied once, from the network buffer into the array the adapter parses and may keep as payload.
 */
final class MessageAssembler {
  /** Receives complete messages. */
  interface Sink {
    void message(boolean text, byte[] bytes);

    void tooBig(long size);
  }

  private final int maxBytes;
  private final Sink sink;
  private Buffer pending;
  private boolean pendingText;
  private boolean discarding;

  MessageAssembler(int maxBytes, Sink sink) {
    this.maxBytes = maxBytes;
    this.sink = sink;
  }

  void frame(WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary()) {
      pending = null;
      discarding = false;
      Buffer data = frame.binaryData();
      if (data.length() > maxBytes) {
        overflow(frame, data.length());
        return;
      }
      if (frame.isFinal()) {
        sink.message(frame.isText(), data.getBytes());
      } else {
        pendingText = frame.isText();
        pending = Buffer.buffer(Math.min(maxBytes, Math.max(4096, data.length() * 4)));
        pending.appendBuffer(data);
      }
    } else if (frame.isContinuation()) {
      if (discarding) {
        discarding = !frame.isFinal();
        return;
      }
      if (pending == null) {
        return;
      }
      Buffer data = frame.binaryData();
      long size = (long) pending.length() + data.length();
      if (size > maxBytes) {
        pending = null;
        overflow(frame, size);
        return;
      }
      pending.appendBuffer(data);
      if (frame.isFinal()) {
        byte[] bytes = pending.getBytes();
        pending = null;
        sink.message(pendingText, bytes);
      }
    }
  }

  private void overflow(WebSocketFrame frame, long size) {
    discarding = !frame.isFinal();
    sink.tooBig(size);
  }
}
