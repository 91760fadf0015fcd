package io.meetingmedia.gateway.simulator.engine;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of one {@link SimConnection}, as explicit states so that what may happen next (send, reconnect, close)
 * follows from one field instead of a combination of flags. Every change of state cancels the connection's pending
 * timer (send schedule, stall deadline, reconnect delay, pong wait, close timeout); the new state starts its own.
 */
public enum ConnectionState {
  /** Waiting for the start delay, or the first connect is in flight. */
  CONNECTING,
  /** The socket is open and messages go out on schedule. */
  OPEN,
  /** The socket's write queue is above its high-water mark: waiting for a drain (or the deadline). */
  STALLED,
  /** The gateway closed mid-stream and the vendor reconnects: waiting out the delay or an attempt in flight. */
  RECONNECT_WAIT,
  /** Every message is sent (or the deadline passed): waiting for outstanding pongs before closing. */
  AWAITING_PONGS,
  /** Our close frame is sent: waiting for the gateway's, then aborting the TCP connection. */
  CLOSING,
  /** Ended; the outcome is complete. */
  CLOSED;

  /** @return whether a connection in this state may move to {@code next} */
  public boolean allows(ConnectionState next) {
    return successors().contains(next);
  }

  private Set<ConnectionState> successors() {
    return switch (this) {
      case CONNECTING -> EnumSet.of(OPEN, CLOSED);
      case OPEN -> EnumSet.of(STALLED, RECONNECT_WAIT, AWAITING_PONGS, CLOSED);
      case STALLED -> EnumSet.of(OPEN, RECONNECT_WAIT, AWAITING_PONGS, CLOSED);
      case RECONNECT_WAIT -> EnumSet.of(OPEN, CLOSED);
      case AWAITING_PONGS -> EnumSet.of(CLOSING, CLOSED);
      case CLOSING -> EnumSet.of(CLOSED);
      case CLOSED -> EnumSet.noneOf(ConnectionState.class);
    };
  }

  /** @return whether scheduled messages may still be sent */
  public boolean sending() {
    return this == OPEN || this == STALLED;
  }
}
