package io.meetingmedia.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LimitersTest {
  private final AtomicLong now = new AtomicLong(1_000_000);

  @Test
  void addressIsBlockedAtTheLimitForTheCoolDownOnly() {
    FailedAuthLimiter limiter = new FailedAuthLimiter(3, 60_000, 100, now::get);
    limiter.failed("10.0.0.1");
    limiter.failed("10.0.0.1");
    assertFalse(limiter.blocked("10.0.0.1"));
    limiter.failed("10.0.0.1");
    assertTrue(limiter.blocked("10.0.0.1"));
    assertFalse(limiter.blocked("10.0.0.2"), "other addresses are unaffected");
    assertEquals(1, limiter.blockedAddresses());
    now.addAndGet(59_999);
    assertTrue(limiter.blocked("10.0.0.1"));
    now.addAndGet(1);
    assertFalse(limiter.blocked("10.0.0.1"));
    limiter.failed("10.0.0.1");
    assertFalse(limiter.blocked("10.0.0.1"), "the count starts again after the cool-down");
  }

  @Test
  void failuresSpreadOverMinutesDoNotBlock() {
    FailedAuthLimiter limiter = new FailedAuthLimiter(3, 60_000, 100, now::get);
    for (int i = 0; i < 10; i++) {
      limiter.failed("10.0.0.1");
      limiter.failed("10.0.0.1");
      now.addAndGet(60_000);
    }
    assertFalse(limiter.blocked("10.0.0.1"));
  }

  @Test
  void memoryIsBoundedByTrackedAddresses() {
    FailedAuthLimiter limiter = new FailedAuthLimiter(3, 60_000, 16, now::get);
    for (int i = 0; i < 10_000; i++) {
      limiter.failed("10.1." + (i / 256) + "." + (i % 256));
    }
    assertEquals(16, limiter.tracked());
  }

  @Test
  void connectionLimitsPerTenantAndInTotal() {
    ConnectionLimiter limiter = new ConnectionLimiter(3);
    assertNull(limiter.tryAcquire("a", 2));
    assertNull(limiter.tryAcquire("a", 2));
    assertEquals(ConnectionLimiter.TENANT, limiter.tryAcquire("a", 2));
    assertNull(limiter.tryAcquire("b", 2));
    assertEquals(ConnectionLimiter.TOTAL, limiter.tryAcquire("b", 2));
    assertEquals(3, limiter.open());
    assertEquals(1, limiter.open("b"), "a refused attempt holds no slot");
    limiter.release("a");
    assertNull(limiter.tryAcquire("b", 2));
    assertEquals(2, limiter.open("b"));
    assertEquals(1, limiter.open("a"));
  }
}
