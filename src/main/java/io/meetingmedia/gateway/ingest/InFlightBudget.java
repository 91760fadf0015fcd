package io.meetingmedia.gateway.ingest;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The gateway-wide budget of bytes read from vendor sockets and not yet acknowledged by Kafka. Sockets on every event
 * loop charge it as they read and release it on acknowledgement.
 *
 * <p>When the budget is spent, sockets stop reading and queue here in arrival order. A release admits waiters only
 * as far as the freed bytes go: each admitted waiter gets a <em>grant</em>, charged at once, that its next reads
 * consume. So a release never wakes more readers than it can admit (no thundering herd), and a socket that waited
 * longest reads first. While anyone waits, sockets that are still reading stop at their next frame and queue too,
 * so under saturation every socket gets its turn.
 *
 * <p>Bytes of messages still being read cannot be given back until their sockets read on. When everything charged
 * is such partial messages (no grant outstanding, nothing awaiting Kafka), the first waiter that holds one is admitted
 * anyway and reads until that message is complete: otherwise sockets each holding part of a large message would
 * wait for each other forever. Letting them each read a grant's worth in turn instead would grow every partial
 * message at once, to a whole message per socket. The finished message then waits for Kafka, which keeps this door
 * shut until Kafka acknowledges.
 */
public final class InFlightBudget {
  /** A socket waiting for room; called back on its own context. */
  public interface Waiter {
    /** @return the context the grant is delivered on */
    Context context();

    /** @return the bytes this waiter expects to read next (typically its recent message size) */
    long wanted();

    /**
     * Receives a grant of bytes, already charged to the budget; the waiter gives back what it does not use.
     *
     * @param toFinish true when the budget is spent but holds nothing but partial messages: the waiter reads on past
     *     its grant until the message it holds is complete, then queues again
     */
    void granted(long bytes, boolean toFinish);

    /** @return true while this waiter holds part of a message it has not finished reading */
    boolean holdsPartialMessage();
  }

  private final long limit;
  private final LongSupplier partialBytes;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private long used;
  private volatile long usedSnapshot;
  private volatile int waitingSnapshot;

  public InFlightBudget(long limit) {
    this(limit, () -> 0);
  }

  /**
   * @param partialBytes what is charged for messages still being read, on every socket
   */
  public InFlightBudget(long limit, LongSupplier partialBytes) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive");
    }
    this.limit = limit;
    this.partialBytes = partialBytes;
  }

  /** Counts bytes that were read (they are already in memory, so they are always admitted). */
  public void charge(long bytes) {
    synchronized (this) {
      used += bytes;
      usedSnapshot = used;
    }
  }

  /** Gives bytes back and admits as many waiters as the room now allows, in arrival order. */
  public void release(long bytes) {
    List<Waiter> admitted;
    List<Long> grants;
    synchronized (this) {
      used -= bytes;
      usedSnapshot = used;
      if (waiters.isEmpty()) {
        return;
      }
      admitted = new ArrayList<>(2);
      grants = new ArrayList<>(2);
      admit(admitted, grants);
    }
    deliver(admitted, grants);
  }

  /**
   * @return true when a socket that is reading may go on: the budget has room and nobody is waiting for it
   */
  public boolean admits() {
    // asked per message on every event loop: read without the lock. A stale answer costs one read more or one
    // needless queueing, which await() settles under the lock at once
    return usedSnapshot < limit && waitingSnapshot == 0;
  }

  /** Queues a waiter; it is granted room at once if there is room and nobody waits ahead of it. */
  public void await(Waiter waiter) {
    List<Waiter> admitted = new ArrayList<>(1);
    List<Long> grants = new ArrayList<>(1);
    synchronized (this) {
      waiters.add(waiter);
      admit(admitted, grants);
    }
    deliver(admitted, grants);
  }

  /** Removes a waiter that no longer needs room (its socket closed). */
  public void cancel(Waiter waiter) {
    List<Waiter> admitted = new ArrayList<>(1);
    List<Long> grants = new ArrayList<>(1);
    synchronized (this) {
      if (!waiters.remove(waiter)) {
        return;
      }
      admit(admitted, grants);
    }
    deliver(admitted, grants);
  }

  private void admit(List<Waiter> admitted, List<Long> grants) {
    while (!waiters.isEmpty()) {
      Waiter next = waiters.peek();
      long want = Math.max(1, Math.min(next.wanted(), limit));
      boolean toFinish = false;
      if (used + want > limit) {
        // an empty budget admits the head whatever it wants, so a large message never starves; a budget that holds
        // nothing but partial messages lets the first socket holding one finish it, so partial messages never hold
        // each other up. Never a socket that would start a new message: that would add partial messages without end
        if (used > 0 && (used > partialBytes.getAsLong() || (next = firstHoldingPartialMessage()) == null)) {
          break;
        }
        want = Math.max(1, Math.min(next.wanted(), limit));
        toFinish = used > 0;
      }
      waiters.remove(next);
      used += want;
      admitted.add(next);
      grants.add(toFinish ? -want : want);
      if (toFinish) {
        // one at a time: its message, once complete, waits for Kafka and closes this door again
        break;
      }
    }
    usedSnapshot = used;
    waitingSnapshot = waiters.size();
  }

  private Waiter firstHoldingPartialMessage() {
    for (Waiter w : waiters) {
      if (w.holdsPartialMessage()) {
        return w;
      }
    }
    return null;
  }

  private static void deliver(List<Waiter> admitted, List<Long> grants) {
    for (int i = 0; i < admitted.size(); i++) {
      Waiter w = admitted.get(i);
      long grant = Math.abs(grants.get(i));
      boolean toFinish = grants.get(i) < 0;
      w.context().runOnContext(v -> w.granted(grant, toFinish));
    }
  }

  /** @return bytes charged now (read and not yet acknowledged, plus outstanding grants) */
  public long used() {
    return usedSnapshot;
  }

  /** @return sockets waiting for room */
  public int waiting() {
    return waitingSnapshot;
  }

  /** @return the configured limit */
  public long limit() {
    return limit;
  }
}
