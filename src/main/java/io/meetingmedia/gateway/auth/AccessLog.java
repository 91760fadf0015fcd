package io.meetingmedia.gateway.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per WebSocket handshake on logger {@code io.meetingmedia.gateway.access}: client, redacted URI, status,
 * tenant and reason. Tokens in the query are redacted, headers (Authorization, webhook signatures) never logged.
 */
final class AccessLog {
  static final Logger LOG = LoggerFactory.getLogger("io.meetingmedia.gateway.access");

  private AccessLog() {
  }

  static void handshake(HandshakeRequest request, String client, Admission admission) {
    LoggingEventBuilder line = LOG.atInfo().addKeyValue("remoteAddress", request.remoteAddress())
        .addKeyValue("client", client).addKeyValue("uri", UriRedactor.redact(request.uri()))
        .addKeyValue("vendor", request.vendor()).addKeyValue("status", admission.status());
    if (admission.tenant() != null) {
      line = line.addKeyValue("tenant", admission.tenant());
    }
    if (admission.reason() != null) {
      line = line.addKeyValue("reason", admission.reason());
    }
    line.log("websocket handshake");
  }
}
