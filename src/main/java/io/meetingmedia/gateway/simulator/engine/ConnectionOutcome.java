package io.meetingmedia.gateway.simulator.engine;

/**
 * How one connection ended.
 *
 * @param label        e.g. {@code bot 3 conn 0}
 * @param botId        the bot id sent on the wire
 * @param status       how it ended
 * @param detail       connect error, or the close reason
 * @param closeCode    the close code the gateway sent (or echoed), {@code null} if none
 * @param messages     messages sent (media, events and control)
 * @param wireBytes    WebSocket payload bytes sent
 * @param unsent       scheduled messages never sent (the gateway was too slow, or closed early)
 * @param pingsSent    latency pings sent (MeetStream)
 * @param pongsMissing pings never answered
 */
public record ConnectionOutcome(String label, String botId, Status status, String detail, Integer closeCode,
    long messages, long wireBytes, long unsent, long pingsSent, long pongsMissing) {

  /** How a connection ended. */
  public enum Status {
    /** Sent everything and closed normally. */
    COMPLETED,
    /** Could not connect (refused, HTTP status instead of an upgrade, timeout). */
    CONNECT_FAILED,
    /** The gateway closed the socket (or it dropped) before the simulator was done. */
    CLOSED_BY_GATEWAY
  }

  /** @return true unless the connection completed */
  public boolean failed() {
    return status != Status.COMPLETED;
  }
}
