package io.meetingmedia.gateway.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The audit trail of the ingest, on logger {@code io.meetingmedia.gateway.access}: one line per upgrade attempt,
 * written once the answer is on the wire and carrying the status actually sent (not the gate's decision: an
 * admitted upgrade that Vert.x then refuses, e.g. for a missing {@code Sec-WebSocket-Key}, is logged with that
 * status), and one more line when an upgraded socket has closed, with its close code. Tokens in the query are
 * redacted ({@link UriRedactor}); headers (Authorization, webhook signatures) are never logged.
 */
public final class AccessLog {
  static final Logger LOG = LoggerFactory.getLogger("io.meetingmedia.gateway.access");
  /** Reason of an upgrade the gate admitted but that failed as an HTTP upgrade. */
  public static final String INVALID_UPGRADE = "invalid_upgrade";

  private AccessLog() {
  }

  /**
   * @param request   the upgrade request
   * @param admission the gate's decision for it
   * @param status    the HTTP status written to the client: 101 for an upgrade, 0 when the connection was gone
   *                  before any answer could be written
   */
  public static void handshake(HandshakeRequest request, Admission admission, int status) {
    String reason = admission.accepted() ? (status == 101 ? null : INVALID_UPGRADE) : admission.reason();
    LoggingEventBuilder line = common(request, admission).addKeyValue("status", status);
    if (admission.tenant() != null) {
      line = line.addKeyValue("tenant", admission.tenant());
    }
    if (reason != null) {
      line = line.addKeyValue("reason", reason);
    }
    line.log("websocket handshake");
  }

  /**
   * @param request    the upgrade request of the socket
   * @param admission  the gate's decision for it (accepted)
   * @param closeCode  the WebSocket close code (1006 when the socket closed without a close frame)
   * @param durationMs time from the upgrade to the end of the connection
   */
  public static void closed(HandshakeRequest request, Admission admission, int closeCode, long durationMs) {
    common(request, admission).addKeyValue("status", 101).addKeyValue("tenant", admission.tenant())
        .addKeyValue("closeCode", closeCode).addKeyValue("durationMs", durationMs).log("websocket closed");
  }

  private static LoggingEventBuilder common(HandshakeRequest request, Admission admission) {
    return LOG.atInfo().addKeyValue("remoteAddress", request.remoteAddress())
        .addKeyValue("client", admission.client()).addKeyValue("uri", UriRedactor.redact(request.uri()))
        .addKeyValue("vendor", request.vendor());
  }
}
