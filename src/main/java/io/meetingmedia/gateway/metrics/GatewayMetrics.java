package io.meetingmedia.gateway.metrics;

import io.meetingmedia.gateway.envelope.MediaKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The gateway's own meters, next to Vert.x's HTTP and JVM meters in one Prometheus registry. Labels are bounded
 * sets only (vendor, tenant, kind, reason, close code): bot and participant ids would explode cardinality and are
 * deliberately absent.
 */
public final class GatewayMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> openConnections = new ConcurrentHashMap<>();
  // the meters touched by every message, resolved once per label set: a builder's register() looks the meter up
  // anew on each call, which showed in the benchmark's profile
  private final Map<String, InMeters> inMeters = new ConcurrentHashMap<>();
  private final Map<String, OutMeters[]> outMeters = new ConcurrentHashMap<>();

  private record InMeters(Counter messages, Counter bytes) {
  }

  private record OutMeters(Counter records, Counter payload, Timer send) {
  }

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** @return the registry, for the scrape endpoint */
  public MeterRegistry registry() {
    return registry;
  }

  /** Registers the in-flight gauge. */
  public void inFlightBytes(Supplier<Number> supplier) {
    Gauge.builder("gateway_inflight_bytes", supplier).description("Payload bytes sent to Kafka and not yet acknowledged")
        .baseUnit("bytes").register(registry);
  }

  public void connectionOpened(String vendor, String tenant) {
    openGauge(vendor, tenant).incrementAndGet();
  }

  public void connectionClosed(String vendor, String tenant, int code) {
    openGauge(vendor, tenant).decrementAndGet();
    Counter.builder("gateway_connections_closed").description("Closed vendor connections by close code")
        .tags("vendor", vendor, "tenant", tenant, "code", Integer.toString(code)).register(registry).increment();
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
    InMeters meters = inMeters.computeIfAbsent(vendor, v -> new InMeters(
        Counter.builder("gateway_messages_in").description("Complete WebSocket messages read from vendors")
            .tag("vendor", v).register(registry),
        Counter.builder("gateway_in").description("Bytes of WebSocket messages read from vendors")
            .baseUnit("bytes").tag("vendor", v).register(registry)));
    meters.messages.increment();
    meters.bytes.increment(bytes);
  }

  public void recordAcked(String vendor, MediaKind kind, int bytes, long nanos) {
    // one array per vendor, indexed by kind: no key string built per record
    OutMeters[] byKind = outMeters.computeIfAbsent(vendor, v -> new OutMeters[MediaKind.values().length]);
    OutMeters meters = byKind[kind.ordinal()];
    if (meters == null) {
      String k = kind.name().toLowerCase(Locale.ROOT);
      meters = new OutMeters(
          Counter.builder("gateway_records_out").description("Records acknowledged by Kafka")
              .tags("vendor", vendor, "kind", k).register(registry),
          Counter.builder("gateway_record_payload").description("Payload bytes acknowledged by Kafka")
              .baseUnit("bytes").tags("vendor", vendor, "kind", k).register(registry),
          Timer.builder("gateway_kafka_send")
              .description("Time from hand-off to the relay until the Kafka acknowledgement")
              .tag("kind", k).publishPercentileHistogram().register(registry));
      // a race only registers the same meters twice, which the registry answers with the same instances
      byKind[kind.ordinal()] = meters;
    }
    meters.records.increment();
    meters.payload.increment(bytes);
    meters.send.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void deliveryFailed(String vendor) {
    Counter.builder("gateway_delivery_failures").description("Records Kafka did not acknowledge in time")
        .tag("vendor", vendor).register(registry).increment();
  }

  public void badMessage(String vendor, String reason) {
    Counter.builder("gateway_bad_messages").description("Vendor messages refused, by reason")
        .tags("vendor", vendor, "reason", reason).register(registry).increment();
  }

  public void deadLetter(String vendor) {
    Counter.builder("gateway_deadletter_records").description("Records written to the dead-letter topic")
        .tag("vendor", vendor).register(registry).increment();
  }

  public void pongSent(String vendor) {
    Counter.builder("gateway_pongs_sent").description("Application-level pongs answered to vendor pings")
        .tag("vendor", vendor).register(registry).increment();
  }

  public void pausedNanos(String vendor, long nanos) {
    Counter.builder("gateway_paused").description("Time vendor sockets spent paused by back-pressure")
        .baseUnit("seconds").tag("vendor", vendor).register(registry).increment(nanos / 1e9);
  }

  public void handshakeRejected(String reason) {
    Counter.builder("gateway_handshake_rejections").description("WebSocket upgrades refused, by reason")
        .tag("reason", reason).register(registry).increment();
  }
}
