package io.meetingmedia.gateway.adapter;

/**
 * The per-connection state of one vendor protocol. Called on the connection's event loop, one complete
 * (reassembled) WebSocket message at a time, as a byte array the session may keep or hand on as payload, in arrival order; never concurrently.
 */
public interface VendorSession {

  /** Handles one complete text message. */
  void onText(byte[] message, SessionOutput out) throws BadMessageException;

  /** Handles one complete binary message. */
  void onBinary(byte[] message, SessionOutput out) throws BadMessageException;

  /** Called once when the socket is closed, for end-of-stream events. */
  default void onClose(SessionOutput out) {
  }

  /** @return the bot id once the protocol has revealed it, for logs; {@code null} before */
  String botId();
}
