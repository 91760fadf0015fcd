package io.meetingmedia.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.envelope.MediaKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Prometheus names are the public contract of dashboards and alerts: they must not drift. */
class GatewayMetricsTest {

  @Test
  void exposesTheDocumentedNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GatewayMetrics metrics = new GatewayMetrics(registry);
    metrics.inFlightBytes(() -> 42);
    metrics.connectionOpened("recall", "acme");
    metrics.connectionClosed("recall", "acme", 1000);
    metrics.messageIn("recall", 10);
    metrics.recordAcked("recall", MediaKind.VIDEO_FRAME, 10, 1_000_000);
    metrics.deliveryFailed("recall");
    metrics.badMessage("recall", "invalid_json");
    metrics.deadLetter("recall");
    metrics.pongSent("meetstream");
    metrics.pausedNanos("recall", 2_000_000_000L);
    metrics.handshakeRejected("unknown_path");
    String scrape = registry.scrape();
    for (String line : List.of(
        "gateway_inflight_bytes 42.0",
        "gateway_connections_open{tenant=\"acme\",vendor=\"recall\"} 0.0",
        "gateway_connections_closed_total{code=\"1000\",tenant=\"acme\",vendor=\"recall\"} 1.0",
        "gateway_messages_in_total{vendor=\"recall\"} 1.0",
        "gateway_in_bytes_total{vendor=\"recall\"} 10.0",
        "gateway_records_out_total{kind=\"video_frame\",vendor=\"recall\"} 1.0",
        "gateway_record_payload_bytes_total{kind=\"video_frame\",vendor=\"recall\"} 10.0",
        "gateway_kafka_send_seconds_count{kind=\"video_frame\"} 1",
        "gateway_delivery_failures_total{vendor=\"recall\"} 1.0",
        "gateway_bad_messages_total{reason=\"invalid_json\",vendor=\"recall\"} 1.0",
        "gateway_deadletter_records_total{vendor=\"recall\"} 1.0",
        "gateway_pongs_sent_total{vendor=\"meetstream\"} 1.0",
        "gateway_paused_seconds_total{vendor=\"recall\"} 2.0",
        "gateway_handshake_rejections_total{reason=\"unknown_path\"} 1.0")) {
      assertTrue(scrape.contains(line), "missing '" + line + "' in\n" + scrape);
    }
    assertTrue(scrape.contains("gateway_kafka_send_seconds_bucket{kind=\"video_frame\",le="), "send latency histogram");
    assertFalse(scrape.contains("_total_total"), "no doubled suffixes");
  }

  @Test
  void repeatedCallsAddUpOnTheSameMeters() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GatewayMetrics metrics = new GatewayMetrics(registry);
    for (int i = 0; i < 3; i++) {
      metrics.messageIn("attendee", 100);
      metrics.recordAcked("attendee", MediaKind.VIDEO_FRAME, 40, 2_000_000);
    }
    metrics.recordAcked("attendee", MediaKind.AUDIO_CHUNK, 7, 1_000_000);
    metrics.messageIn("recall", 5);
    String scrape = registry.scrape();
    for (String line : List.of(
        "gateway_messages_in_total{vendor=\"attendee\"} 3.0",
        "gateway_in_bytes_total{vendor=\"attendee\"} 300.0",
        "gateway_in_bytes_total{vendor=\"recall\"} 5.0",
        "gateway_records_out_total{kind=\"video_frame\",vendor=\"attendee\"} 3.0",
        "gateway_record_payload_bytes_total{kind=\"video_frame\",vendor=\"attendee\"} 120.0",
        "gateway_record_payload_bytes_total{kind=\"audio_chunk\",vendor=\"attendee\"} 7.0",
        "gateway_kafka_send_seconds_count{kind=\"video_frame\"} 3",
        "gateway_kafka_send_seconds_count{kind=\"audio_chunk\"} 1")) {
      assertTrue(scrape.contains(line), "missing '" + line + "' in\n" + scrape);
    }
  }

  @Test
  void preRegisteredMetersStartAtZeroForEveryLabelValue() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GatewayMetrics metrics = new GatewayMetrics(registry);
    metrics.preRegister(List.of("recall", "attendee"), List.of("acme"));
    String scrape = registry.scrape();
    for (String line : List.of(
        "gateway_connections_open{tenant=\"acme\",vendor=\"attendee\"} 0.0",
        "gateway_connections_closed_total{code=\"1001\",tenant=\"acme\",vendor=\"recall\"} 0.0",
        "gateway_deadletter_records_total{vendor=\"attendee\"} 0.0",
        "gateway_delivery_failures_total{vendor=\"recall\"} 0.0",
        "gateway_bad_messages_total{reason=\"message_too_big\",vendor=\"recall\"} 0.0",
        "gateway_bad_messages_total{reason=\"unknown_message\",vendor=\"attendee\"} 0.0",
        "gateway_handshake_rejections_total{reason=\"token_invalid\"} 0.0",
        "gateway_kafka_send_seconds_count{kind=\"event\"} 0")) {
      assertTrue(scrape.contains(line), "missing '" + line + "' in\n" + scrape);
    }
    metrics.badMessage("recall", "invalid_json");
    assertTrue(registry.scrape().contains("gateway_bad_messages_total{reason=\"invalid_json\",vendor=\"recall\"} 1.0"),
        "the pre-registered counter is the one incremented");
  }
}
