package io.meetingmedia.gateway.simulator.engine;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latency pings one connection sent and the pongs that came back. A pong must echo {@code seq},
 * {@code sent_at_ms} and {@code bot_id} and add {@code server_received_at_ms} (protocols.md §4.3); anything else is
 * counted as a bad pong and leaves its ping unanswered. Pongs slower than the timeout count as late; pings still
 * unanswered when the connection ends count as missing. Used from the connection's event loop only.
 */
public final class PongLedger {
  private final SimStats stats;
  private final long timeoutNanos;
  private final Map<Long, long[]> pending = new LinkedHashMap<>();
  private long sent;
  private long ok;
  private long late;
  private long bad;
  private long missing;

  /**
   * @param stats        run counters to update
   * @param timeoutNanos a pong slower than this is late
   */
  public PongLedger(SimStats stats, long timeoutNanos) {
    this.stats = stats;
    this.timeoutNanos = timeoutNanos;
  }

  /** Records a ping as sent. */
  public void pingSent(long seq, long sentAtMillis, long nanos) {
    pending.put(seq, new long[] {sentAtMillis, nanos});
    sent++;
    stats.pingsSent.increment();
  }

  /**
   * Records a pong.
   *
   * @return {@code null} when it matched a ping, else why it was refused
   */
  public String pong(Long seq, Long sentAtMillis, String botId, String expectedBotId, Long serverReceivedAtMillis,
      long nanos) {
    String problem = null;
    long[] ping = seq == null ? null : pending.get(seq);
    if (ping == null) {
      problem = "pong for unknown seq " + seq;
    } else if (sentAtMillis == null || sentAtMillis != ping[0]) {
      problem = "pong seq " + seq + " does not echo sent_at_ms " + ping[0];
    } else if (!expectedBotId.equals(botId)) {
      problem = "pong seq " + seq + " has bot_id " + botId + ", expected " + expectedBotId;
    } else if (serverReceivedAtMillis == null) {
      problem = "pong seq " + seq + " lacks server_received_at_ms";
    }
    if (problem != null) {
      bad++;
      stats.pongsBad.increment();
      return problem;
    }
    pending.remove(seq);
    long rtt = nanos - ping[1];
    stats.pongRtt.record(rtt / 1000);
    if (rtt > timeoutNanos) {
      late++;
      stats.pongsLate.increment();
    } else {
      ok++;
      stats.pongsOk.increment();
    }
    return null;
  }

  /** @return pings still awaiting a pong */
  public int pendingCount() {
    return pending.size();
  }

  /** @return {@link System#nanoTime()} of the oldest unanswered ping, or {@code Long.MAX_VALUE} if none */
  public long oldestPendingNanos() {
    Iterator<long[]> it = pending.values().iterator();
    return it.hasNext() ? it.next()[1] : Long.MAX_VALUE;
  }

  /** Counts every unanswered ping as missing; called once when the connection ends. */
  public void closeOut() {
    missing += pending.size();
    stats.pongsMissing.add(pending.size());
    pending.clear();
  }

  public long sent() {
    return sent;
  }

  public long ok() {
    return ok;
  }

  public long late() {
    return late;
  }

  public long bad() {
    return bad;
  }

  public long missing() {
    return missing;
  }
}
