package io.meetingmedia.gateway.simulator.engine;

import java.time.Instant;

/** Epoch microseconds derived from {@link System#nanoTime()}: monotonic, cheap, and microsecond-resolved. */
public final class EpochClock {
  private final long baseMicros;
  private final long baseNanos;

  public EpochClock() {
    Instant now = Instant.now();
    this.baseNanos = System.nanoTime();
    this.baseMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  /** @return epoch microseconds at {@code nanoTime} */
  public long epochMicros(long nanoTime) {
    return baseMicros + (nanoTime - baseNanos) / 1000;
  }
}
