package io.meetingmedia.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A socket the gateway paused is silent because it is not read: that silence must never count as idle. */
class InboundIdleTimerTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void silenceCountsOnlyWhileNotHeldOff() {
    AtomicBoolean paused = new AtomicBoolean(true);
    AtomicBoolean closed = new AtomicBoolean();
    InboundIdleTimer timer = InboundIdleTimer.start(vertx, 100, () -> closed.set(true));
    timer.holdOffWhile(paused::get);
    Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !closed.get());
    paused.set(false);
    Awaitility.await().atMost(Duration.ofSeconds(2)).untilTrue(closed);
  }

  @Test
  void messagesKeepTheSocketOpen() {
    AtomicBoolean closed = new AtomicBoolean();
    InboundIdleTimer timer = InboundIdleTimer.start(vertx, 200, () -> closed.set(true));
    long end = System.nanoTime() + Duration.ofMillis(600).toNanos();
    while (System.nanoTime() < end) {
      timer.touch();
      Thread.onSpinWait();
    }
    assertFalse(closed.get(), "a socket that keeps sending is never idle");
    Awaitility.await().atMost(Duration.ofSeconds(2)).untilTrue(closed);
  }
}
