package io.meetingmedia.gateway.ingest;

/** WebSocket close codes the gateway sends, with the reasons documented in the README. */
public final class CloseCodes {
  /** The gateway is shutting down after delivering everything the socket sent. */
  public static final short GOING_AWAY = 1001;
  /** Too many bad messages in a row. */
  public static final short INVALID_PAYLOAD = 1007;
  /** A message above the route's size limit. */
  public static final short MESSAGE_TOO_BIG = 1009;
  /** Kafka did not acknowledge a record within the producer's delivery timeout. */
  public static final short INTERNAL_ERROR = 1011;

  private CloseCodes() {
  }
}
