package io.meetingmedia.gateway.auth;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Closes TCP connections that do not complete a WebSocket upgrade in time (slow or silent clients holding sockets
 * open). One clock per connection, from TCP accept to the upgrade: with TLS, the connection handler runs only after
 * the TLS handshake, so the clock starts at the accept time {@link TlsAcceptClock} noted and runs for what is left
 * of the budget (the TLS handshake itself is cut off by the same budget). Stopped by the upgrade; plain HTTP
 * requests and refused upgrades do not stop it, so their keep-alive connections go too. Used on one ingest
 * server's event loop only.
 */
public final class HandshakeTimer {
  private final Vertx vertx;
  private final long timeoutMillis;
  private final Runnable onTimeout;
  private final TlsAcceptClock acceptClock;
  private final Map<String, Long> timers = new HashMap<>();

  HandshakeTimer(Vertx vertx, long timeoutMillis, Runnable onTimeout, TlsAcceptClock acceptClock) {
    this.vertx = vertx;
    this.timeoutMillis = timeoutMillis;
    this.onTimeout = onTimeout;
    this.acceptClock = acceptClock;
  }

  /** Starts (with TLS: resumes) the clock of a new connection; pass to {@code HttpServer.connectionHandler}. */
  public void connected(HttpConnection connection) {
    String key = key(connection.remoteAddress());
    long now = System.nanoTime();
    long spentMillis = (now - acceptClock.acceptedAtNanos(connection.remoteAddress(), now)) / 1_000_000L;
    long id = vertx.setTimer(Math.max(1, timeoutMillis - spentMillis), t -> {
      timers.remove(key);
      onTimeout.run();
      connection.close();
    });
    timers.put(key, id);
    connection.closeHandler(v -> stop(key));
  }

  /** Stops the clock: the connection at {@code remoteAddress} is now a WebSocket. */
  public void upgraded(SocketAddress remoteAddress) {
    stop(key(remoteAddress));
  }

  private void stop(String key) {
    Long id = timers.remove(key);
    if (id != null) {
      vertx.cancelTimer(id);
    }
  }

  private static String key(SocketAddress address) {
    return address == null ? "unknown" : TlsAcceptClock.key(address.hostAddress(), address.port());
  }

  int pending() {
    return timers.size();
  }
}
