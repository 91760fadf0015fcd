package io.meetingmedia.gateway.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down token guessing: a client address with too many failed authentications within a minute is refused
 * (HTTP 429) for a cool-down, whatever it presents. Memory is bounded: at most {@code capacity} addresses are
 * remembered, the least recently seen forgotten first. Public for the live view, which limits its logins the same way.
 */
public final class FailedAuthLimiter {
  private static final long WINDOW_MILLIS = 60_000;

  private final int maxFailures;
  private final long blockMillis;
  private final int capacity;
  private final LongSupplier nowMillis;
  private final Map<String, Record> records;

  public FailedAuthLimiter(int maxFailuresPerMinute, long blockMillis, int capacity, LongSupplier nowMillis) {
    this.maxFailures = maxFailuresPerMinute;
    this.blockMillis = blockMillis;
    this.capacity = capacity;
    this.nowMillis = nowMillis;
    this.records = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
        return size() > FailedAuthLimiter.this.capacity;
      }
    };
  }

  /** @return true while {@code address} is in its cool-down */
  public synchronized boolean blocked(String address) {
    Record r = records.get(address);
    return r != null && r.blockedUntil > nowMillis.getAsLong();
  }

  /** Counts a failed authentication; the failure that reaches the limit starts the cool-down. */
  public synchronized void failed(String address) {
    long now = nowMillis.getAsLong();
    Record r = records.computeIfAbsent(address, a -> new Record());
    if (now - r.windowStart >= WINDOW_MILLIS) {
      r.windowStart = now;
      r.failures = 0;
    }
    r.failures++;
    if (r.failures >= maxFailures) {
      r.blockedUntil = now + blockMillis;
      r.failures = 0;
      r.windowStart = now + blockMillis;
    }
  }

  /** @return addresses currently in their cool-down */
  synchronized int blockedAddresses() {
    long now = nowMillis.getAsLong();
    return (int) records.values().stream().filter(r -> r.blockedUntil > now).count();
  }

  synchronized int tracked() {
    return records.size();
  }

  private static final class Record {
    long windowStart = Long.MIN_VALUE / 2;
    int failures;
    long blockedUntil;
  }
}
