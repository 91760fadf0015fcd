package io.meetingmedia.gateway.adapter;

import io.vertx.core.buffer.Buffer;

/**
 * The per-connection state of one vendor protocol. Called on the connection's event loop, one complete
 * (reassembled) WebSocket message at a time, as a byte array the session may keep or hand on as payload, in arrival order; never concurrently.
 */
public interface VendorSession {

  /** Handles one complete text message. */
  void onText(byte[] message, SessionOutput out) throws BadMessageException;

  /** Handles one complete binary message. */
  void onBinary(byte[] message, SessionOutput out) throws BadMessageException;

  /**
   * Handles one complete binary message as the socket delivered it. The default passes its bytes
   * ({@link MessageBytes#of}, no copy for a single-frame message) to {@link #onBinary(byte[], SessionOutput)}. An
   * adapter whose payload is only part of the message overrides this and copies just that part.
   */
  default void onBinary(Buffer message, SessionOutput out) throws BadMessageException {
    onBinary(MessageBytes.of(message), out);
  }

  /** Called once when the socket is closed, for end-of-stream events. */
  default void onClose(SessionOutput out) {
  }

  /** @return the bot id once the protocol has revealed it, for logs; {@code null} before */
  String botId();
}
