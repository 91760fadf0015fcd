package io.meetingmedia.gateway.auth;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the gate looks at in a WebSocket upgrade request, detached from Vert.x so that every decision can be tested
 * without a socket.
 *
 * @param uri           the request URI as sent (may hold a token: log only {@link UriRedactor#redact})
 * @param vendor        vendor of the route the path names, {@code null} for an unknown path
 * @param headers       request headers
 * @param remoteAddress the peer's {@code host:port}
 * @param remoteHost    the peer's host
 */
public record HandshakeRequest(String uri, String vendor, MultiMap headers, String remoteAddress, String remoteHost) {

  /** @return the request of a Vert.x handshake on the route of {@code vendor} ({@code null} if none) */
  public static HandshakeRequest of(ServerWebSocketHandshake handshake, String vendor) {
    String remote = handshake.remoteAddress() == null ? "unknown" : handshake.remoteAddress().toString();
    String host = handshake.remoteAddress() == null ? "unknown" : handshake.remoteAddress().hostAddress();
    return new HandshakeRequest(handshake.uri(), vendor, handshake.headers(), remote, host);
  }

  /**
   * @return the token from {@code Authorization: Bearer <token>}, else from the {@code token} query parameter,
   *     else {@code null}
   */
  public String token() {
    String authorization = headers.get(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String bearer = authorization.substring(7).trim();
      return bearer.isEmpty() ? null : bearer;
    }
    List<String> values;
    try {
      values = new QueryStringDecoder(uri == null ? "" : uri, StandardCharsets.UTF_8).parameters().get("token");
    } catch (IllegalArgumentException e) {
      // a query that cannot be decoded carries no usable token
      return null;
    }
    return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }

  /**
   * @param forwardedHeader header a trusted proxy puts the client address in, or empty
   * @return the address limits apply to: the last entry of that header when configured and present, else the
   *     socket's remote host
   */
  public String clientAddress(String forwardedHeader) {
    if (!forwardedHeader.isEmpty()) {
      String value = headers.get(forwardedHeader);
      if (value != null && !value.isBlank()) {
        String[] hops = value.split(",");
        String last = hops[hops.length - 1].trim();
        if (!last.isEmpty() && last.length() <= 64) {
          return last;
        }
      }
    }
    return remoteHost;
  }
}
