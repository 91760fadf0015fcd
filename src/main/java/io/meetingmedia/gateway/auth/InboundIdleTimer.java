package io.meetingmedia.gateway.auth;

import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/**
 * Closes a socket that has delivered no message for a while. Only inbound vendor messages count: the gateway's own
 * pings and the vendor's pongs do not, so a client holding a silent socket open is closed all the same. Marking
 * activity is one field write; a single timer re-arms itself for the remaining time when it fires early.
 */
public final class InboundIdleTimer {
  private final Vertx vertx;
  private final long timeoutNanos;
  private final Runnable onIdle;
  private long lastInbound = System.nanoTime();
  private long timer = -1;
  private boolean cancelled;
  private BooleanSupplier holdOff = () -> false;

  private InboundIdleTimer(Vertx vertx, long timeoutMillis, Runnable onIdle) {
    this.vertx = vertx;
    this.timeoutNanos = timeoutMillis * 1_000_000L;
    this.onIdle = onIdle;
  }

  /**
   * @param vertx         the Vert.x instance; call from the socket's event loop
   * @param timeoutMillis idle time after which {@code onIdle} runs; 0 disables the timer
   * @param onIdle        what to do on expiry (close the socket)
   * @return the started timer
   */
  static InboundIdleTimer start(Vertx vertx, long timeoutMillis, Runnable onIdle) {
    InboundIdleTimer t = new InboundIdleTimer(vertx, timeoutMillis, onIdle);
    if (timeoutMillis > 0) {
      t.arm(timeoutMillis);
    }
    return t;
  }

  /**
   * Silence does not count while {@code condition} holds: a socket the gateway itself paused (back-pressure while
   * Kafka is slow, or draining) delivers nothing because it is not read, and must not be closed as idle.
   */
  public void holdOffWhile(BooleanSupplier condition) {
    this.holdOff = condition;
  }

  /** Marks a message received now. */
  public void touch() {
    lastInbound = System.nanoTime();
  }

  /** Stops the timer (the socket closed). */
  public void cancel() {
    cancelled = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void arm(long delayMillis) {
    timer = vertx.setTimer(Math.max(1, delayMillis), id -> check());
  }

  private void check() {
    timer = -1;
    if (cancelled) {
      return;
    }
    if (holdOff.getAsBoolean()) {
      touch();
    }
    long idle = System.nanoTime() - lastInbound;
    if (idle >= timeoutNanos) {
      cancelled = true;
      onIdle.run();
    } else {
      arm((timeoutNanos - idle) / 1_000_000L + 1);
    }
  }
}
