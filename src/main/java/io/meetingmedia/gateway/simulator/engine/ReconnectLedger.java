package io.meetingmedia.gateway.simulator.engine;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What reconnects cost on the vendor side ({@code --reconnect vendor}): media frames generated, written and dropped
 * while disconnected, counted separately, and for every incident the time from the gateway's close to the first
 * frame written on the new socket.
 */
public final class ReconnectLedger {
  final LongAdder generated = new LongAdder();
  final LongAdder written = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder disconnects = new LongAdder();
  final LongAdder gaveUp = new LongAdder();
  private final Histogram reconnectTimes = new Histogram();
  private final ConcurrentLinkedQueue<Incident> incidents = new ConcurrentLinkedQueue<>();

  void reconnected(Incident incident) {
    incidents.add(incident);
    reconnectTimes.record(incident.reconnectMillis() * 1000);
  }

  /** @return frames the bots' schedules produced (written + dropped while disconnected + not written) */
  public long generated() {
    return generated.sum();
  }

  /** @return frames written to a socket */
  public long written() {
    return written.sum();
  }

  /** @return frames that fell due while the bot was disconnected */
  public long dropped() {
    return dropped.sum();
  }

  /** @return every reconnect that succeeded, in time order */
  public List<Incident> incidents() {
    List<Incident> list = new ArrayList<>(incidents);
    list.sort(Comparator.comparingLong(Incident::closedAtMicros));
    return list;
  }

  /** @return the counters and incidents as JSON, for {@code --json-summary} */
  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    for (Incident i : incidents()) {
      list.add(new JsonObject().put("label", i.label()).put("botId", i.botId()).put("closeCode", i.closeCode())
          .put("closedAtMicros", i.closedAtMicros()).put("firstFrameAtMicros", i.firstFrameAtMicros())
          .put("reconnectMs", i.reconnectMillis()).put("attempts", i.attempts()).put("dropped", i.dropped()));
    }
    return new JsonObject().put("framesGenerated", generated()).put("framesWritten", written())
        .put("framesDroppedWhileDisconnected", dropped()).put("disconnects", disconnects.sum())
        .put("reconnects", reconnectTimes.count()).put("gaveUp", gaveUp.sum())
        .put("reconnectP50Ms", reconnectTimes.quantile(0.5) / 1000.0)
        .put("reconnectP99Ms", reconnectTimes.quantile(0.99) / 1000.0)
        .put("reconnectMaxMs", reconnectTimes.max() / 1000.0).put("incidents", list);
  }

  /**
   * One reconnect.
   *
   * @param closeCode          the gateway's close code (1006 when the connection dropped without one)
   * @param closedAtMicros     epoch microseconds when the close was seen
   * @param firstFrameAtMicros epoch microseconds of the first media frame written on the new socket
   * @param attempts           connection attempts it took
   * @param dropped            frames that fell due while disconnected
   */
  public record Incident(String label, String botId, int closeCode, long closedAtMicros, long firstFrameAtMicros,
      int attempts, long dropped) {
    public long reconnectMillis() {
      return (firstFrameAtMicros - closedAtMicros) / 1000;
    }
  }
}
