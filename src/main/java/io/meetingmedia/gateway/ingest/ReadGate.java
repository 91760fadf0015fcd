package io.meetingmedia.gateway.ingest;

import io.meetingmedia.gateway.metrics.GatewayMetrics;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;

/**
 * Decides when one socket may be read. It counts the connection's bytes in flight to Kafka against the connection's
 * budget and the gateway's, pauses the socket when either is spent (TCP back-pressure toward the vendor), and resumes
 * it when acknowledgements free room in both. Confined to the connection's event loop, except that the gateway
 * budget wakes it on that loop.
 */
final class ReadGate {
  private final Context context;
  private final ServerWebSocket ws;
  private final InFlightBudget gateway;
  private final long connectionLimit;
  private final GatewayMetrics metrics;
  private final String vendor;
  private final Runnable onResume;
  private long inFlight;
  private boolean paused;
  private boolean held;
  private boolean waitingForGateway;
  private long pausedSince;

  /**
   * @param onResume runs each time reading resumes (the vendor gets a fresh idle window)
   */
  ReadGate(Context context, ServerWebSocket ws, InFlightBudget gateway, long connectionLimit, GatewayMetrics metrics,
      String vendor, Runnable onResume) {
    this.context = context;
    this.ws = ws;
    this.gateway = gateway;
    this.connectionLimit = connectionLimit;
    this.metrics = metrics;
    this.vendor = vendor;
    this.onResume = onResume;
  }

  /** Counts bytes handed to Kafka; pauses reading when a budget is spent. */
  void reserve(long bytes) {
    inFlight += bytes;
    boolean gatewayOk = gateway.reserve(bytes);
    if (inFlight > connectionLimit || !gatewayOk) {
      pause();
    }
  }

  /** Counts bytes Kafka acknowledged (or failed); resumes reading when both budgets have room. */
  void release(long bytes) {
    inFlight -= bytes;
    gateway.release(bytes);
    maybeResume();
  }

  /** Stops reading for good (draining or closed): nothing resumes the socket afterwards. */
  void hold() {
    held = true;
    if (!paused) {
      paused = true;
      pausedSince = System.nanoTime();
    }
    ws.pause();
  }

  /** @return bytes in flight for this connection */
  long inFlight() {
    return inFlight;
  }

  /** @return true while the gateway is not reading this socket */
  boolean paused() {
    return paused;
  }

  /** Records the pause time of a socket that closes while paused. */
  void closed() {
    if (paused) {
      metrics.pausedNanos(vendor, System.nanoTime() - pausedSince);
      pausedSince = System.nanoTime();
    }
    held = true;
  }

  private void pause() {
    if (!paused) {
      paused = true;
      pausedSince = System.nanoTime();
      ws.pause();
    }
    if (!gateway.available()) {
      waitForGateway();
    }
  }

  private void waitForGateway() {
    if (!waitingForGateway) {
      waitingForGateway = true;
      gateway.whenAvailable(context, () -> {
        waitingForGateway = false;
        maybeResume();
      });
    }
  }

  private void maybeResume() {
    if (!paused || held || inFlight > connectionLimit) {
      return;
    }
    if (!gateway.available()) {
      waitForGateway();
      return;
    }
    paused = false;
    metrics.pausedNanos(vendor, System.nanoTime() - pausedSince);
    onResume.run();
    ws.resume();
  }
}
