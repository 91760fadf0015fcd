package io.meetingmedia.gateway.auth;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

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

  /** @return the upgrade request {@code request} on the route of {@code vendor} ({@code null} if none) */
  public static HandshakeRequest of(HttpServerRequest request, String vendor) {
    SocketAddress address = request.remoteAddress();
    String remote = address == null ? "unknown" : address.toString();
    String host = address == null ? "unknown" : address.hostAddress();
    return new HandshakeRequest(request.uri(), vendor, request.headers(), remote, host);
  }

  /**
   * @return the token from {@code Authorization: Bearer <token>}, else the value of the first {@code token} query
   *     parameter as {@link QueryParameters} reads it (the same reading {@link UriRedactor} hides), else {@code null}
   */
  public String token() {
    String authorization = headers.get(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String bearer = authorization.substring(7).trim();
      return bearer.isEmpty() ? null : bearer;
    }
    String value = QueryParameters.parse(uri).first("token");
    return value == null || value.isEmpty() ? null : value;
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
