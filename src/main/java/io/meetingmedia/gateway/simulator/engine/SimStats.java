package io.meetingmedia.gateway.simulator.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of a run, written from every event loop and read by the progress line and the summary. */
public final class SimStats {
  final LongAdder connectAttempts = new LongAdder();
  final LongAdder connectFailures = new LongAdder();
  final LongAdder closedByGateway = new LongAdder();
  final AtomicInteger open = new AtomicInteger();
  final LongAdder messages = new LongAdder();
  final LongAdder mediaMessages = new LongAdder();
  final LongAdder wireBytes = new LongAdder();
  final LongAdder mediaBytes = new LongAdder();
  final LongAdder late = new LongAdder();
  final LongAdder stalls = new LongAdder();
  final LongAdder stallNanos = new LongAdder();
  final LongAdder unsent = new LongAdder();
  final LongAdder writeErrors = new LongAdder();
  final AtomicLong intervalMaxLateMicros = new AtomicLong();
  final Histogram lateness = new Histogram();
  final LongAdder pingsSent = new LongAdder();
  final LongAdder pongsOk = new LongAdder();
  final LongAdder pongsLate = new LongAdder();
  final LongAdder pongsMissing = new LongAdder();
  final LongAdder pongsBad = new LongAdder();
  final Histogram pongRtt = new Histogram();
  final ReconnectLedger reconnects = new ReconnectLedger();
  private final Map<Integer, LongAdder> closeCodes = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<ConnectionOutcome> outcomes = new ConcurrentLinkedQueue<>();

  void sent(boolean media, int wire, int mediaSize, long latenessMicros, long lateThresholdMicros) {
    messages.increment();
    wireBytes.add(wire);
    if (media) {
      mediaMessages.increment();
      mediaBytes.add(mediaSize);
      lateness.record(latenessMicros);
      if (latenessMicros > lateThresholdMicros) {
        late.increment();
      }
      intervalMaxLateMicros.accumulateAndGet(latenessMicros, Math::max);
    }
  }

  void gatewayClose(Integer code) {
    closedByGateway.increment();
    closeCodes.computeIfAbsent(code == null ? 1006 : code, k -> new LongAdder()).increment();
  }

  void outcome(ConnectionOutcome outcome) {
    outcomes.add(outcome);
  }

  /** @return one immutable snapshot of the counters */
  public Snapshot snapshot() {
    Map<Integer, Long> codes = new TreeMap<>();
    closeCodes.forEach((k, v) -> codes.put(k, v.sum()));
    return new Snapshot(connectAttempts.sum(), connectFailures.sum(), closedByGateway.sum(), open.get(),
        messages.sum(), mediaMessages.sum(), wireBytes.sum(), mediaBytes.sum(), late.sum(), lateness.max(),
        lateness.quantile(0.5), lateness.quantile(0.99), stalls.sum(), stallNanos.sum(), unsent.sum(),
        writeErrors.sum(), pingsSent.sum(), pongsOk.sum(), pongsLate.sum(), pongsMissing.sum(), pongsBad.sum(),
        pongRtt.count(), pongRtt.quantile(0.5), pongRtt.quantile(0.99), pongRtt.max(), codes);
  }

  /** @return the vendor-side accounting of reconnects ({@code --reconnect vendor}) */
  public ReconnectLedger reconnects() {
    return reconnects;
  }

  /** @return the largest lateness since the previous call, in microseconds */
  public long takeIntervalMaxLateMicros() {
    return intervalMaxLateMicros.getAndSet(0);
  }

  /** @return every connection that has ended */
  public List<ConnectionOutcome> outcomes() {
    return new ArrayList<>(outcomes);
  }

  /** The counters at one moment; times in microseconds unless named otherwise. */
  public record Snapshot(long connectAttempts, long connectFailures, long closedByGateway, int open, long messages,
      long mediaMessages, long wireBytes, long mediaBytes, long late, long maxLateMicros, long p50LateMicros,
      long p99LateMicros, long stalls, long stallNanos, long unsent, long writeErrors, long pingsSent, long pongsOk,
      long pongsLate, long pongsMissing, long pongsBad, long rttCount, long p50RttMicros, long p99RttMicros,
      long maxRttMicros, Map<Integer, Long> gatewayCloseCodes) {
  }
}
