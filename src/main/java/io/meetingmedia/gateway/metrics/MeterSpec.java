package io.meetingmedia.gateway.metrics;

import java.util.List;

/**
 * One of the gateway's labelled meters: its name, meaning, unit and label dimensions. Every spec is registered at 0
 * for every combination of its labels' known values when the gateway starts ({@link GatewayMetrics#preRegister}),
 * because a series that appears only at its first increment is invisible to {@code rate()} and {@code increase()}
 * alerts, and a gauge that is absent cannot scale an HPA down.
 *
 * @param type        counter or timer (histogram)
 * @param name        Micrometer name; Prometheus adds the unit and {@code _total}
 * @param description help text
 * @param unit        base unit, or {@code null}
 * @param labels      its label dimensions, in order
 */
public record MeterSpec(Type type, String name, String description, String unit, List<Label> labels) {

  /** How the meter is built. */
  public enum Type { COUNTER, TIMER }

  /** A label dimension and the name it has in Prometheus; two dimensions may share a name with different domains. */
  public enum Label {
    VENDOR("vendor"), TENANT("tenant"), KIND("kind"), CLOSE_CODE("code"), BAD_MESSAGE_REASON("reason"),
    HANDSHAKE_REASON("reason");

    private final String tag;

    Label(String tag) {
      this.tag = tag;
    }

    /** @return the Prometheus label name */
    public String tag() {
      return tag;
    }
  }
}
