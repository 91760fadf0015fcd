package io.meetingmedia.gateway.config;

/**
 * Bounds that keep one misbehaving or hostile client from exhausting the gateway. Each refusal is counted in
 * {@code gateway_handshake_rejections_total{reason}}.
 *
 * @param maxConnections          open vendor connections in total; more upgrades get 503
 * @param maxConnectionsPerTenant open connections per tenant unless the tenant sets its own; more get 503
 * @param handshakeTimeoutSeconds time a new TCP connection has to complete TLS and the WebSocket upgrade
 * @param idleTimeoutSeconds      a socket that delivers no message for this long is closed with 1001; 0 = never.
 *                                Pongs do not count: only vendor data keeps a socket alive
 * @param authFailuresPerMinute   failed authentications one client address may make per minute before it is refused
 *                                with 429 for {@code authBlockSeconds}
 * @param authBlockSeconds        cool-down of a client address over the failure limit
 * @param trackedAddresses        client addresses remembered by the failure limit (bounded memory)
 * @param clientAddressHeader     header holding the client address when a trusted proxy sits in front (its last
 *                                comma-separated entry is used), e.g. {@code X-Forwarded-For}; empty = the socket's
 *                                remote address
 */
public record LimitsConfig(int maxConnections, int maxConnectionsPerTenant, int handshakeTimeoutSeconds,
    int idleTimeoutSeconds, int authFailuresPerMinute, int authBlockSeconds, int trackedAddresses,
    String clientAddressHeader) {

  static LimitsConfig read(ConfigReader r) {
    LimitsConfig config = new LimitsConfig(
        r.intValue("maxConnections", 2000, 1, 1_000_000),
        r.intValue("maxConnectionsPerTenant", 500, 1, 1_000_000),
        r.intValue("handshakeTimeoutSeconds", 10, 1, 600),
        r.intValue("idleTimeoutSeconds", 600, 0, 7 * 24 * 3600),
        r.intValue("authFailuresPerMinute", 10, 1, 1_000_000),
        r.intValue("authBlockSeconds", 60, 1, 24 * 3600),
        r.intValue("trackedAddresses", 10_000, 16, 10_000_000),
        r.string("clientAddressHeader", "").trim());
    r.finish();
    return config;
  }
}
