package io.meetingmedia.gateway.ingest;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many sockets are in each {@link ReadGate.State}: the saturation picture an operator scrapes (sockets paused by
 * their own budget, queued for the gateway's, closed and still delivering).
 */
public final class ReadStates {
  private final Map<ReadGate.State, AtomicInteger> counts = new EnumMap<>(ReadGate.State.class);
  private final AtomicLong readPending = new AtomicLong();

  public ReadStates() {
    for (ReadGate.State s : ReadGate.State.values()) {
      counts.put(s, new AtomicInteger());
    }
  }

  void entered(ReadGate.State state) {
    counts.get(state).incrementAndGet();
  }

  void left(ReadGate.State state) {
    counts.get(state).decrementAndGet();
  }

  void readPending(long bytes) {
    if (bytes != 0) {
      readPending.addAndGet(bytes);
    }
  }

  /** @return bytes read from sockets and not yet claimed by a complete message */
  public long readPendingBytes() {
    return readPending.get();
  }

  /** @return sockets in the state with this lower-case name, e.g. {@code waiting} */
  public int count(String state) {
    return counts.get(ReadGate.State.valueOf(state.toUpperCase(Locale.ROOT))).get();
  }

  /** @return the lower-case names of the states, the values of the metric's {@code state} label */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (ReadGate.State s : ReadGate.State.values()) {
      names.add(s.name().toLowerCase(Locale.ROOT));
    }
    return names;
  }
}
