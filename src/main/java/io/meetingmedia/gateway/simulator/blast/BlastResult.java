package io.meetingmedia.gateway.simulator.blast;

import java.util.List;

/**
 * Outcome of a blast run.
 *
 * @param connections   per connection, in index order
 * @param wallSeconds   from the first connection's first write to the last connection's last write
 * @param cpuSeconds    CPU time of the writer threads (user + system), i.e. what generating the load cost
 * @param payloadBytes  decoded payload bytes of every frame written (what the target should deliver to Kafka)
 */
public record BlastResult(List<Connection> connections, double wallSeconds, double cpuSeconds, long payloadBytes) {

  /**
   * @param index         connection index
   * @param botId         the bot id its messages carry
   * @param framesWritten complete media frames handed to the socket (opening messages not counted)
   * @param payloadBytes  decoded payload bytes of those frames
   * @param wireBytes     WebSocket bytes written, headers and masks included
   * @param cpuSeconds    CPU time of its writer thread
   * @param closeCode     the target's close code, or {@code null} when it sent none
   * @param error         why the connection ended early, or {@code null}
   */
  public record Connection(int index, String botId, long framesWritten, long payloadBytes, long wireBytes,
      double cpuSeconds, Integer closeCode, String error) {
  }

  /** @return frames written over every connection */
  public long framesWritten() {
    return connections.stream().mapToLong(Connection::framesWritten).sum();
  }

  /** @return connections that ended with an error */
  public long failed() {
    return connections.stream().filter(c -> c.error() != null).count();
  }

  /** @return the result as one JSON object (for the benchmark driver) */
  public String toJson() {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"framesWritten\":").append(framesWritten()).append(",\"payloadBytes\":").append(payloadBytes)
        .append(",\"wireBytes\":").append(connections.stream().mapToLong(Connection::wireBytes).sum())
        .append(",\"wallSeconds\":").append(wallSeconds).append(",\"cpuSeconds\":").append(cpuSeconds)
        .append(",\"failed\":").append(failed()).append(",\"connections\":[");
    for (int i = 0; i < connections.size(); i++) {
      Connection c = connections.get(i);
      sb.append(i == 0 ? "" : ",").append("{\"index\":").append(c.index()).append(",\"botId\":\"")
          .append(c.botId()).append("\",\"framesWritten\":").append(c.framesWritten()).append(",\"payloadBytes\":")
          .append(c.payloadBytes()).append(",\"cpuSeconds\":").append(c.cpuSeconds()).append(",\"closeCode\":")
          .append(c.closeCode()).append(",\"error\":")
          .append(c.error() == null ? "null" : "\"" + c.error().replace("\\", "\\\\").replace("\"", "'") + "\"")
          .append('}');
    }
    return sb.append("]}").toString();
  }
}
