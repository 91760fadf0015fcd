package io.meetingmedia.gateway.auth;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Closes TCP connections that do not complete a WebSocket upgrade in time (slow or silent clients holding sockets
 * open). Started for each connection of one ingest server, stopped by the upgrade; plain HTTP requests and refused
 * upgrades do not stop it, so their keep-alive connections go too. Used on that server's event loop only.
 * The TLS handshake before it is bounded separately by the server's SSL handshake timeout.
 */
public final class HandshakeTimer {
  private final Vertx vertx;
  private final long timeoutMillis;
  private final Runnable onTimeout;
  private final Map<String, Long> timers = new HashMap<>();

  HandshakeTimer(Vertx vertx, long timeoutMillis, Runnable onTimeout) {
    this.vertx = vertx;
    this.timeoutMillis = timeoutMillis;
    this.onTimeout = onTimeout;
  }

  /** Starts the clock of a new connection; pass to {@code HttpServer.connectionHandler}. */
  public void connected(HttpConnection connection) {
    String key = key(connection.remoteAddress());
    long id = vertx.setTimer(timeoutMillis, t -> {
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
    return String.valueOf(address);
  }

  int pending() {
    return timers.size();
  }
}
