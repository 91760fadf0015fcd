package io.meetingmedia.gateway.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Reassembles fragmented WebSocket messages from frames, enforcing the route's message limit as frames arrive,
 * so that an oversized message is refused before it is fully buffered. A single-frame message (the common case) is
 * handed on as the frame's own buffer, not copied: the adapter copies what it keeps (a JSON text to parse, a binary
 * payload past its header) straight from it.
 */
final class MessageAssembler {
  /** Receives complete messages. */
  interface Sink {
    void message(boolean text, Buffer message);

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
        sink.message(frame.isText(), data);
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
        Buffer message = pending;
        pending = null;
        sink.message(pendingText, message);
      }
    }
  }

  private void overflow(WebSocketFrame frame, long size) {
    discarding = !frame.isFinal();
    sink.tooBig(size);
  }
}
