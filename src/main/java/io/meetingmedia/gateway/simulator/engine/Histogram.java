package io.meetingmedia.gateway.simulator.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of non-negative microsecond values with about 10% resolution (4 sub-buckets per power of
 * two), written from every event loop. Good enough for p50/p99 of lateness and pong round trips.
 */
public final class Histogram {
  private static final int SUB = 4;
  private static final int BUCKETS = 64 * SUB;
  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong max = new AtomicLong();
  private final AtomicLong sum = new AtomicLong();

  /** Records a value in microseconds (negative values count as 0). */
  public void record(long micros) {
    long v = Math.max(0, micros);
    counts.incrementAndGet(bucket(v));
    count.incrementAndGet();
    sum.addAndGet(v);
    max.accumulateAndGet(v, Math::max);
  }

  static int bucket(long v) {
    if (v < SUB) {
      return (int) v;
    }
    int log = 63 - Long.numberOfLeadingZeros(v);
    int sub = (int) ((v >>> (log - 2)) & (SUB - 1));
    return Math.min(BUCKETS - 1, (log - 1) * SUB + sub);
  }

  /** @return the smallest value of a bucket, the inverse of {@link #bucket(long)} */
  static long lowerBound(int bucket) {
    if (bucket < SUB) {
      return bucket;
    }
    int log = bucket / SUB + 1;
    int sub = bucket % SUB;
    return (1L << log) | ((long) sub << (log - 2));
  }

  public long count() {
    return count.get();
  }

  public long max() {
    return max.get();
  }

  public double mean() {
    long c = count.get();
    return c == 0 ? 0 : sum.get() / (double) c;
  }

  /**
   * @param q quantile in 0..1
   * @return an upper estimate of the quantile, in microseconds (never above the max seen)
   */
  public long quantile(double q) {
    long c = count.get();
    if (c == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * c);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        long upper = i + 1 < BUCKETS ? lowerBound(i + 1) - 1 : Long.MAX_VALUE;
        return Math.min(upper, max.get());
      }
    }
    return max.get();
  }
}
