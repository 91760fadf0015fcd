package io.meetingmedia.gateway.ingest;

import io.vertx.core.Context;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway-wide budget of payload bytes handed to Kafka and not yet acknowledged. Connections on any event loop
 * reserve from it; when it is spent they pause and wait here, and each release that brings usage back under the
 * limit wakes the waiters on their own contexts. A message already read is always admitted, so usage can exceed
 * the limit by at most one message per connection; what it bounds is how much more is read.
 */
public final class InFlightBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();
  private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();

  public InFlightBudget(long limit) {
    this.limit = limit;
  }

  /** Reserves bytes. @return true while usage is within the limit */
  public boolean reserve(long bytes) {
    return used.addAndGet(bytes) <= limit;
  }

  /** Releases bytes and wakes waiters once usage is within the limit. */
  public void release(long bytes) {
    if (used.addAndGet(-bytes) <= limit) {
      Waiter waiter;
      while (used.get() <= limit && (waiter = waiters.poll()) != null) {
        Waiter w = waiter;
        w.context.runOnContext(v -> w.action.run());
      }
    }
  }

  /** @return true when usage is within the limit */
  public boolean available() {
    return used.get() <= limit;
  }

  /**
   * Runs {@code action} on {@code context} when usage is back within the limit (at once if it already is).
   */
  public void whenAvailable(Context context, Runnable action) {
    waiters.add(new Waiter(context, action));
    if (available()) {
      release(0);
    }
  }

  /** @return bytes currently in flight */
  public long used() {
    return used.get();
  }

  /** @return the configured limit */
  public long limit() {
    return limit;
  }

  private static final class Waiter {
    final Context context;
    final Runnable action;

    Waiter(Context context, Runnable action) {
      this.context = context;
      this.action = action;
    }
  }
}
