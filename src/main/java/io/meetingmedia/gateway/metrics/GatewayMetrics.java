package io.meetingmedia.gateway.metrics;

import static io.meetingmedia.gateway.metrics.MeterSpec.Label.BAD_MESSAGE_REASON;
import static io.meetingmedia.gateway.metrics.MeterSpec.Label.CLOSE_CODE;
import static io.meetingmedia.gateway.metrics.MeterSpec.Label.HANDSHAKE_REASON;
import static io.meetingmedia.gateway.metrics.MeterSpec.Label.KIND;
import static io.meetingmedia.gateway.metrics.MeterSpec.Label.TENANT;
import static io.meetingmedia.gateway.metrics.MeterSpec.Label.VENDOR;

import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.metrics.MeterSpec.Label;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The gateway's own meters, next to Vert.x's HTTP and JVM meters in one Prometheus registry. Labels are bounded
 * sets only (vendor, tenant, kind, reason, close code): bot and participant ids would explode cardinality and are
 * deliberately absent. Every labelled meter is declared once below as a {@link MeterSpec} and registered at 0 at
 * start-up ({@link #preRegister}): adding a meter is one {@code spec(...)} line plus the method that records it.
 */
public final class GatewayMetrics {
  private static final List<MeterSpec> SPECS = new ArrayList<>();

  static final MeterSpec CONNECTIONS_CLOSED = spec(MeterSpec.Type.COUNTER, "gateway_connections_closed",
      "Closed vendor connections by close code", null, VENDOR, TENANT, CLOSE_CODE);
  static final MeterSpec MESSAGES_IN = spec(MeterSpec.Type.COUNTER, "gateway_messages_in",
      "Complete WebSocket messages read from vendors", null, VENDOR);
  static final MeterSpec BYTES_IN = spec(MeterSpec.Type.COUNTER, "gateway_in",
      "Bytes of WebSocket messages read from vendors", "bytes", VENDOR);
  static final MeterSpec RECORDS_OUT = spec(MeterSpec.Type.COUNTER, "gateway_records_out",
      "Records acknowledged by Kafka", null, VENDOR, KIND);
  static final MeterSpec PAYLOAD_OUT = spec(MeterSpec.Type.COUNTER, "gateway_record_payload",
      "Payload bytes acknowledged by Kafka", "bytes", VENDOR, KIND);
  static final MeterSpec KAFKA_SEND = spec(MeterSpec.Type.TIMER, "gateway_kafka_send",
      "Time from hand-off to the relay until the Kafka acknowledgement", null, KIND);
  static final MeterSpec DELIVERY_FAILURES = spec(MeterSpec.Type.COUNTER, "gateway_delivery_failures",
      "Records Kafka did not acknowledge in time", null, VENDOR);
  static final MeterSpec BAD_MESSAGES = spec(MeterSpec.Type.COUNTER, "gateway_bad_messages",
      "Vendor messages refused, by reason", null, VENDOR, BAD_MESSAGE_REASON);
  static final MeterSpec DEAD_LETTERS = spec(MeterSpec.Type.COUNTER, "gateway_deadletter_records",
      "Records written to the dead-letter topic", null, VENDOR);
  static final MeterSpec PONGS = spec(MeterSpec.Type.COUNTER, "gateway_pongs_sent",
      "Application-level pongs answered to vendor pings", null, VENDOR);
  static final MeterSpec PAUSED = spec(MeterSpec.Type.COUNTER, "gateway_paused",
      "Time vendor sockets spent paused by back-pressure", "seconds", VENDOR);
  static final MeterSpec HANDSHAKE_REJECTIONS = spec(MeterSpec.Type.COUNTER, "gateway_handshake_rejections",
      "WebSocket upgrades refused, by reason", null, HANDSHAKE_REASON);

  /** Why an upgrade is refused (docs/security.md, "Answers to a refused upgrade"); the label's bounded set. */
  public static final List<String> HANDSHAKE_REASONS = List.of("unknown_path", "not_websocket", "shutting_down",
      "auth_rate_limited", "token_missing", "token_invalid", "vendor_forbidden", "signature_missing",
      "signature_invalid", "signature_expired", "signature_replayed", "tenant_connection_limit", "connection_limit",
      "internal_error", "invalid_upgrade");
  /** A message over the route's size limit (closed with 1009), besides every {@link BadMessageReason}. */
  public static final String MESSAGE_TOO_BIG = "message_too_big";
  /** Close codes pre-registered for every vendor and tenant: normal, and every code the gateway itself sends. */
  public static final List<String> CLOSE_CODES = List.of("1000", "1001", "1007", "1009", "1011");

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> openConnections = new ConcurrentHashMap<>();
  // the meters touched by every message, resolved once per label set: a builder's register() looks the meter up
  // anew on each call, which showed in the benchmark's profile
  private final Map<String, InMeters> inMeters = new ConcurrentHashMap<>();
  /** Meters of acknowledged records by vendor, then by kind; a racing first use resolves the same meters twice. */
  private final Map<String, OutMeters[]> outMeters = new ConcurrentHashMap<>();

  private record InMeters(Counter messages, Counter bytes) {
  }

  private record OutMeters(Counter records, Counter payload, Timer send) {
  }

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  private static MeterSpec spec(MeterSpec.Type type, String name, String description, String unit, Label... labels) {
    MeterSpec spec = new MeterSpec(type, name, description, unit, List.of(labels));
    SPECS.add(spec);
    return spec;
  }

  /** @return every labelled meter the gateway declares */
  public static List<MeterSpec> specs() {
    return List.copyOf(SPECS);
  }

  /**
   * Registers every meter at 0 for every combination of its labels' values, and the open-connections gauge for
   * every vendor and tenant, so that a fresh gateway already exposes each series.
   *
   * @param vendors the enabled vendors
   * @param tenants the configured tenant ids ({@code default} in open mode)
   */
  public void preRegister(Collection<String> vendors, Collection<String> tenants) {
    Map<Label, List<String>> domains = new EnumMap<>(Label.class);
    domains.put(VENDOR, List.copyOf(vendors));
    domains.put(TENANT, List.copyOf(tenants));
    domains.put(KIND, Arrays.stream(MediaKind.values()).map(GatewayMetrics::kindLabel).toList());
    domains.put(CLOSE_CODE, CLOSE_CODES);
    List<String> bad = new ArrayList<>(Arrays.stream(BadMessageReason.values()).map(BadMessageReason::label).toList());
    bad.add(MESSAGE_TOO_BIG);
    domains.put(BAD_MESSAGE_REASON, bad);
    domains.put(HANDSHAKE_REASON, HANDSHAKE_REASONS);
    for (MeterSpec spec : SPECS) {
      for (List<String> values : combinations(spec.labels(), domains)) {
        meter(spec, values.toArray(String[]::new));
      }
    }
    for (String vendor : vendors) {
      for (String tenant : tenants) {
        openGauge(vendor, tenant);
      }
    }
  }

  private static List<List<String>> combinations(List<Label> labels, Map<Label, List<String>> domains) {
    List<List<String>> out = new ArrayList<>();
    out.add(List.of());
    for (Label label : labels) {
      List<List<String>> next = new ArrayList<>();
      for (List<String> prefix : out) {
        for (String value : domains.get(label)) {
          List<String> row = new ArrayList<>(prefix);
          row.add(value);
          next.add(row);
        }
      }
      out = next;
    }
    return out;
  }

  /** Registers (or finds) the meter of a spec for one set of label values, in the spec's label order. */
  private Object meter(MeterSpec spec, String... values) {
    Tags tags = Tags.empty();
    for (int i = 0; i < values.length; i++) {
      tags = tags.and(spec.labels().get(i).tag(), values[i]);
    }
    if (spec.type() == MeterSpec.Type.TIMER) {
      return Timer.builder(spec.name()).description(spec.description()).tags(tags).publishPercentileHistogram()
          .register(registry);
    }
    Counter.Builder builder = Counter.builder(spec.name()).description(spec.description()).tags(tags);
    if (spec.unit() != null) {
      builder.baseUnit(spec.unit());
    }
    return builder.register(registry);
  }

  private Counter counter(MeterSpec spec, String... values) {
    return (Counter) meter(spec, values);
  }

  private static String kindLabel(MediaKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** @return the registry, for the scrape endpoint */
  public MeterRegistry registry() {
    return registry;
  }

  /** Registers the in-flight gauge. */
  public void inFlightBytes(Supplier<Number> supplier) {
    Gauge.builder("gateway_inflight_bytes", supplier)
        .description("Bytes read from vendor sockets (and records made of them) not yet acknowledged by Kafka")
        .baseUnit("bytes").register(registry);
  }

  /** Registers the gateway budget as a gauge: derived from the heap unless configured, so operators can see it. */
  public void inFlightLimitBytes(long limit) {
    Gauge.builder("gateway_inflight_limit_bytes", () -> limit)
        .description("The gateway budget (delivery.gatewayInFlightBytes): reading stops when gateway_inflight_bytes "
            + "reaches it")
        .baseUnit("bytes").register(registry);
  }

  /** Registers the gauge of bytes read but not yet a complete message handed off. */
  public void readPendingBytes(Supplier<Number> supplier) {
    Gauge.builder("gateway_read_pending_bytes", supplier)
        .description("Bytes read from vendor sockets that are not yet a complete message handed to the relay")
        .baseUnit("bytes").register(registry);
  }

  /** Registers the gauge of sockets queued for the gateway budget. */
  public void budgetWaiters(Supplier<Number> supplier) {
    Gauge.builder("gateway_budget_waiting_sockets", supplier)
        .description("Vendor sockets not read because the gateway budget is spent, waiting their turn")
        .register(registry);
  }

  /** Registers the gauge of sockets in one read state. */
  public void socketsInReadState(String state, Supplier<Number> supplier) {
    Gauge.builder("gateway_sockets", supplier)
        .description("Vendor sockets by read state: reading, paused (own budget spent), waiting (gateway budget), "
            + "discarding (closed by the gateway), stopped (closed, records still in flight)")
        .tag("state", state).register(registry);
  }

  public void connectionOpened(String vendor, String tenant) {
    openGauge(vendor, tenant).incrementAndGet();
  }

  public void connectionClosed(String vendor, String tenant, int code) {
    openGauge(vendor, tenant).decrementAndGet();
    counter(CONNECTIONS_CLOSED, vendor, tenant, Integer.toString(code)).increment();
  }

  private AtomicInteger openGauge(String vendor, String tenant) {
    return openConnections.computeIfAbsent(vendor + '\u0000' + tenant, k -> {
      AtomicInteger value = new AtomicInteger();
      Gauge.builder("gateway_connections_open", value, AtomicInteger::get)
          .description("Open vendor WebSocket connections").tags("vendor", vendor, "tenant", tenant)
          .register(registry);
      return value;
    });
  }

  public void messageIn(String vendor, int bytes) {
    InMeters meters = inMeters.computeIfAbsent(vendor, v -> new InMeters(counter(MESSAGES_IN, v),
        counter(BYTES_IN, v)));
    meters.messages.increment();
    meters.bytes.increment(bytes);
  }

  public void recordAcked(String vendor, MediaKind kind, int bytes, long nanos) {
    OutMeters[] byKind = outMeters.computeIfAbsent(vendor, v -> new OutMeters[MediaKind.values().length]);
    OutMeters meters = byKind[kind.ordinal()];
    if (meters == null) {
      String k = kindLabel(kind);
      meters = new OutMeters(counter(RECORDS_OUT, vendor, k), counter(PAYLOAD_OUT, vendor, k),
          (Timer) meter(KAFKA_SEND, k));
      byKind[kind.ordinal()] = meters;
    }
    meters.records.increment();
    meters.payload.increment(bytes);
    meters.send.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void deliveryFailed(String vendor) {
    counter(DELIVERY_FAILURES, vendor).increment();
  }

  public void badMessage(String vendor, String reason) {
    counter(BAD_MESSAGES, vendor, reason).increment();
  }

  public void deadLetter(String vendor) {
    counter(DEAD_LETTERS, vendor).increment();
  }

  public void pongSent(String vendor) {
    counter(PONGS, vendor).increment();
  }

  public void pausedNanos(String vendor, long nanos) {
    counter(PAUSED, vendor).increment(nanos / 1e9);
  }

  public void handshakeRejected(String reason) {
    counter(HANDSHAKE_REJECTIONS, reason).increment();
  }
}
