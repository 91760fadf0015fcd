package io.meetingmedia.gateway.ingest;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line per key through per interval and counts what it held back, so a vendor that sends thousands
 * of bad messages a second cannot flood the logs (the metrics still count every one).
 */
final class LogThrottle {
  private final long intervalNanos;
  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

  LogThrottle(long intervalMillis) {
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  /** @return -1 to suppress the line, else the number of lines suppressed since the last one that passed */
  long tryAcquire(String key) {
    Slot slot = slots.computeIfAbsent(key, k -> new Slot());
    long now = System.nanoTime();
    synchronized (slot) {
      if (slot.last != 0 && now - slot.last < intervalNanos) {
        slot.suppressed.incrementAndGet();
        return -1;
      }
      slot.last = now;
      return slot.suppressed.getAndSet(0);
    }
  }

  private static final class Slot {
    long last;
    final AtomicLong suppressed = new AtomicLong();
  }
}
