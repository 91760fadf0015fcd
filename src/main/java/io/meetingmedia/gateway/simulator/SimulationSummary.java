package io.meetingmedia.gateway.simulator;

import io.meetingmedia.gateway.simulator.engine.ConnectionOutcome;
import io.meetingmedia.gateway.simulator.engine.SimStats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The result of a run: totals, schedule lateness, back-pressure, connection outcomes with the close codes the
 * gateway sent, and pong statistics. {@link #exitCode()} is non-zero when a connection failed (could not connect,
 * or was closed by the gateway) or a ping went unanswered.
 *
 * @param vendor        protocol name
 * @param url           the gateway URL with any query string redacted
 * @param runTag        the tag in every bot id of this run
 * @param botIds        the bot ids, in bot order
 * @param connections   connections planned
 * @param seconds       wall-clock duration of the run
 * @param stats         counters at the end
 * @param outcomes      how each connection ended
 * @param unfinished    connections still running when the run gave up waiting
 * @param lateMillis    the lateness threshold
 * @param reconnects    vendor-side reconnect accounting ({@code --reconnect vendor}), or {@code null}
 */
public record SimulationSummary(String vendor, String url, String runTag, List<String> botIds, int connections,
    double seconds, SimStats.Snapshot stats, List<ConnectionOutcome> outcomes, int unfinished, long lateMillis,
    io.meetingmedia.gateway.simulator.engine.ReconnectLedger reconnects) {

  /** @return 0 when every connection completed and every ping was answered, else 1 */
  public int exitCode() {
    return failedConnections() > 0 || stats.pongsMissing() > 0 || unfinished > 0 ? 1 : 0;
  }

  /** @return connections that could not connect or were closed by the gateway */
  public long failedConnections() {
    return outcomes.stream().filter(ConnectionOutcome::failed).count();
  }

  /** @return connections closed by the gateway, by close code (1006: dropped without a close frame) */
  public Map<Integer, List<ConnectionOutcome>> gatewayCloses() {
    Map<Integer, List<ConnectionOutcome>> byCode = new LinkedHashMap<>();
    outcomes.stream().filter(o -> o.status() == ConnectionOutcome.Status.CLOSED_BY_GATEWAY)
        .sorted((a, b) -> Integer.compare(code(a), code(b)))
        .forEach(o -> byCode.computeIfAbsent(code(o), k -> new ArrayList<>()).add(o));
    return byCode;
  }

  private static int code(ConnectionOutcome o) {
    return o.closeCode() == null ? 1006 : o.closeCode();
  }

  /** @return the human-readable summary */
  public String text() {
    SimStats.Snapshot s = stats;
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "== simulate %s -> %s: %d bots, %d connections, %.1f s (run %s) ==%n",
        vendor, url, botIds.size(), connections, seconds, runTag));
    sb.append(String.format(Locale.ROOT, "messages     %d sent (%d media/events), %.1f msg/s%n", s.messages(),
        s.mediaMessages(), s.messages() / Math.max(seconds, 1e-9)));
    sb.append(String.format(Locale.ROOT, "bytes        %.2f MB on the wire (%.2f MB media), %.2f MB/s%n",
        s.wireBytes() / 1e6, s.mediaBytes() / 1e6, s.wireBytes() / 1e6 / Math.max(seconds, 1e-9)));
    sb.append(String.format(Locale.ROOT,
        "schedule     %d late (> %d ms); lateness p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d unsent%n", s.late(),
        lateMillis, s.p50LateMicros() / 1000.0, s.p99LateMicros() / 1000.0, s.maxLateMicros() / 1000.0,
        s.unsent()));
    sb.append(String.format(Locale.ROOT, "back-press.  %d stalls on a full write queue, %.2f s stalled in total%n",
        s.stalls(), s.stallNanos() / 1e9));
    long connectFailed = outcomes.stream().filter(o -> o.status() == ConnectionOutcome.Status.CONNECT_FAILED)
        .count();
    long completed = outcomes.size() - failedConnections();
    sb.append(String.format(Locale.ROOT, "connections  %d completed, %d failed to connect, %d closed by gateway%s%n",
        completed, connectFailed, s.closedByGateway(), unfinished > 0 ? ", " + unfinished + " unfinished" : ""));
    if (reconnects != null) {
      io.vertx.core.json.JsonObject r = reconnects.toJson();
      sb.append(String.format(Locale.ROOT, "reconnects   %d after %d closes (p50 %.0f ms, p99 %.0f ms); frames %d "
          + "generated, %d written, %d dropped while disconnected%n", r.getLong("reconnects"),
          r.getLong("disconnects"), r.getDouble("reconnectP50Ms"), r.getDouble("reconnectP99Ms"),
          r.getLong("framesGenerated"), r.getLong("framesWritten"), r.getLong("framesDroppedWhileDisconnected")));
    }
    outcomes.stream().filter(o -> o.status() == ConnectionOutcome.Status.CONNECT_FAILED)
        .collect(Collectors.groupingBy(o -> String.valueOf(o.detail()), LinkedHashMap::new, Collectors.toList()))
        .forEach((detail, list) -> sb.append(String.format(Locale.ROOT, "  connect failed x%d: %s (%s)%n",
            list.size(), detail, labels(list))));
    gatewayCloses().forEach((code, list) -> sb.append(String.format(Locale.ROOT,
        "  close code %d from gateway x%d: %s%n", code, list.size(), list.stream().limit(5)
            .map(o -> o.label() + (o.detail() == null || o.detail().isEmpty() ? "" : " \"" + o.detail() + "\""))
            .collect(Collectors.joining(", ")) + (list.size() > 5 ? ", ..." : ""))));
    if (s.pingsSent() > 0) {
      sb.append(String.format(Locale.ROOT,
          "pongs        %d pings: %d ok, %d late, %d missing, %d bad; rtt p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          s.pingsSent(), s.pongsOk(), s.pongsLate(), s.pongsMissing(), s.pongsBad(), s.p50RttMicros() / 1000.0,
          s.p99RttMicros() / 1000.0, s.maxRttMicros() / 1000.0));
    }
    sb.append(verdict());
    return sb.toString();
  }

  private static String labels(List<ConnectionOutcome> list) {
    return list.stream().limit(5).map(ConnectionOutcome::label).collect(Collectors.joining(", "))
        + (list.size() > 5 ? ", ..." : "");
  }

  private String verdict() {
    List<String> problems = new ArrayList<>();
    if (failedConnections() > 0) {
      problems.add(failedConnections() + " connection(s) failed");
    }
    if (stats.pongsMissing() > 0) {
      problems.add(stats.pongsMissing() + " pong(s) missing");
    }
    if (unfinished > 0) {
      problems.add(unfinished + " connection(s) did not finish");
    }
    StringBuilder sb = new StringBuilder("result       ").append(problems.isEmpty() ? "OK" : "FAILED: "
        + String.join(", ", problems)).append(System.lineSeparator());
    if (stats.stalls() > 0 && (stats.late() > 0 || stats.unsent() > 0)) {
      sb.append("note         the gateway slowed the simulator: its write queues filled and messages fell behind"
          + " schedule").append(System.lineSeparator());
    } else if (stats.late() > 0) {
      sb.append("note         messages were late without back-pressure: the simulator itself is short of CPU;"
          + " use fewer connections per process or more --threads").append(System.lineSeparator());
    }
    return sb.toString();
  }

  /** @return the summary as JSON, with one entry per connection */
  public JsonObject toJson() {
    SimStats.Snapshot s = stats;
    JsonObject closeCodes = new JsonObject();
    s.gatewayCloseCodes().forEach((code, count) -> closeCodes.put(Integer.toString(code), count));
    JsonArray connectionsJson = new JsonArray();
    for (ConnectionOutcome o : outcomes) {
      connectionsJson.add(new JsonObject().put("label", o.label()).put("botId", o.botId())
          .put("status", o.status().name().toLowerCase(Locale.ROOT)).put("detail", o.detail())
          .put("closeCode", o.closeCode()).put("messages", o.messages()).put("wireBytes", o.wireBytes())
          .put("unsent", o.unsent()).put("pingsSent", o.pingsSent()).put("pongsMissing", o.pongsMissing()));
    }
    return new JsonObject()
        .put("vendor", vendor).put("url", url).put("runTag", runTag).put("exitCode", exitCode())
        .put("seconds", seconds).put("bots", new JsonArray(new ArrayList<>(botIds)))
        .put("connections", new JsonObject().put("planned", connections).put("attempted", s.connectAttempts())
            .put("connectFailed", s.connectFailures()).put("closedByGateway", s.closedByGateway())
            .put("failed", failedConnections()).put("unfinished", unfinished).put("gatewayCloseCodes", closeCodes))
        .put("messages", new JsonObject().put("sent", s.messages()).put("media", s.mediaMessages())
            .put("perSecond", s.messages() / Math.max(seconds, 1e-9)).put("writeErrors", s.writeErrors()))
        .put("bytes", new JsonObject().put("wire", s.wireBytes()).put("media", s.mediaBytes())
            .put("wireMBps", s.wireBytes() / 1e6 / Math.max(seconds, 1e-9)))
        .put("schedule", new JsonObject().put("lateThresholdMs", lateMillis).put("late", s.late())
            .put("latenessP50Ms", s.p50LateMicros() / 1000.0).put("latenessP99Ms", s.p99LateMicros() / 1000.0)
            .put("latenessMaxMs", s.maxLateMicros() / 1000.0).put("unsent", s.unsent())
            .put("stalls", s.stalls()).put("stalledSeconds", s.stallNanos() / 1e9))
        .put("pongs", new JsonObject().put("pings", s.pingsSent()).put("ok", s.pongsOk()).put("late", s.pongsLate())
            .put("missing", s.pongsMissing()).put("bad", s.pongsBad())
            .put("rttP50Ms", s.p50RttMicros() / 1000.0).put("rttP99Ms", s.p99RttMicros() / 1000.0)
            .put("rttMaxMs", s.maxRttMicros() / 1000.0))
        .put("perConnection", connectionsJson)
        .put("reconnect", reconnects == null ? null : reconnects.toJson());
  }
}
