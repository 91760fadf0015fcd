package io.meetingmedia.gateway.simulator.engine;

import java.util.List;

/**
 * When each periodic stream of one connection is due, planned once when the socket first opens: which message goes
 * next, which fell due while the connection could not send, and how many will never be sent. Streams without a
 * fixed phase are spread over one period (salted by the connection's label), like independent cameras.
 */
final class StreamSchedule {
  private final Stream[] streams;
  private final long deadlineNanos;

  private StreamSchedule(Stream[] streams, long deadlineNanos) {
    this.streams = streams;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * @param openedNanos when the socket opened ({@link System#nanoTime()})
   * @return the schedule; its deadline is the end of the run plus the grace ({@code --frames}) or the lateness
   *     threshold ({@code --seconds})
   */
  static StreamSchedule plan(ConnectionScript script, RunSettings run, long openedNanos) {
    List<StreamSpec> specs = script.streams();
    long duration = run.durationNanos();
    double salt = (script.label().hashCode() & 0xFFFF) / 65536.0;
    Stream[] streams = new Stream[specs.size()];
    for (int i = 0; i < specs.size(); i++) {
      StreamSpec s = specs.get(i);
      long phase = s.phaseNanos() >= 0 ? s.phaseNanos()
          : (long) (s.periodNanos() * (((i + 0.5) / specs.size() + salt) % 1.0));
      long count = s.primary() && run.frames() > 0 ? run.frames()
          : phase >= duration ? 0 : (duration - phase - 1) / s.periodNanos() + 1;
      streams[i] = new Stream(s, openedNanos + phase, count);
    }
    return new StreamSchedule(streams,
        openedNanos + duration + (run.frames() > 0 ? run.graceNanos() : run.lateMicros() * 1000));
  }

  /** @return when the connection stops sending, in {@link System#nanoTime()} terms */
  long deadlineNanos() {
    return deadlineNanos;
  }

  /** @return the stream whose next message is due first, or {@code null} when every stream is done */
  Stream earliest() {
    Stream best = null;
    for (Stream a : streams) {
      if (a.index < a.count && (best == null || a.due < best.due)) {
        best = a;
      }
    }
    return best;
  }

  /** Skips every message due before {@code until}: the vendor drops frames while disconnected. */
  long dropDueBefore(long until) {
    long dropped = 0;
    for (Stream a : streams) {
      while (a.index < a.count && a.due < until) {
        a.advance();
        dropped++;
      }
    }
    return dropped;
  }

  /** @return the messages not sent yet */
  long remaining() {
    long remaining = 0;
    for (Stream a : streams) {
      remaining += a.count - a.index;
    }
    return remaining;
  }

  /** Run-time state of one stream. */
  static final class Stream {
    final StreamSpec spec;
    final long count;
    long due;
    long index;

    Stream(StreamSpec spec, long firstDue, long count) {
      this.spec = spec;
      this.due = firstDue;
      this.count = count;
    }

    void advance() {
      index++;
      due += spec.periodNanos();
    }
  }
}
