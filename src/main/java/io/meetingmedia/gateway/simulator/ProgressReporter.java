package io.meetingmedia.gateway.simulator;

import io.meetingmedia.gateway.simulator.engine.SimStats;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints one progress line per second while a run lasts: connections, send rate, lateness against the schedule and
 * back-pressure stalls (how a slow gateway shows), and pongs when the protocol pings.
 */
final class ProgressReporter implements AutoCloseable {
  private final SimStats stats;
  private final PrintStream out;
  private final int connections;
  private final Thread thread;
  private final long startNanos = System.nanoTime();
  private volatile boolean running = true;

  ProgressReporter(SimStats stats, PrintStream out, int connections) {
    this.stats = stats;
    this.out = out;
    this.connections = connections;
    this.thread = new Thread(this::loop, "simulate-progress");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void loop() {
    SimStats.Snapshot previous = stats.snapshot();
    long previousNanos = System.nanoTime();
    while (running) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      if (!running) {
        return;
      }
      long now = System.nanoTime();
      SimStats.Snapshot s = stats.snapshot();
      out.println(line(previous, s, (now - previousNanos) / 1e9, (now - startNanos) / 1e9,
          stats.takeIntervalMaxLateMicros()));
      previous = s;
      previousNanos = now;
    }
  }

  String line(SimStats.Snapshot before, SimStats.Snapshot now, double interval, double elapsed, long maxLateMicros) {
    double rate = (now.messages() - before.messages()) / interval;
    double mbps = (now.wireBytes() - before.wireBytes()) / interval / 1e6;
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "[%4.0fs] open %d/%d (%d failed, %d closed by gateway) | sent %d (%.0f/s) %.2f MB/s | late %d"
            + " (max %.0f ms) stalls %d unsent %d",
        elapsed, now.open(), connections, now.connectFailures(), now.closedByGateway(), now.messages(), rate, mbps,
        now.late(), maxLateMicros / 1000.0, now.stalls(), now.unsent()));
    if (now.pingsSent() > 0) {
      long awaiting = now.pingsSent() - now.pongsOk() - now.pongsLate() - now.pongsMissing();
      sb.append(String.format(Locale.ROOT, " | pongs %d ok %d late %d missing %d bad %d awaited", now.pongsOk(),
          now.pongsLate(), now.pongsMissing(), now.pongsBad(), awaiting));
    }
    return sb.toString();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
