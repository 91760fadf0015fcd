package io.meetingmedia.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.simulator.blast.BlastOptions;
import io.meetingmedia.gateway.simulator.blast.BlastResult;
import io.meetingmedia.gateway.simulator.blast.Blaster;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.GatewayProcess;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.KafkaQuotas;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TopicReader;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Vendors push faster than a throttled Kafka accepts, then close normally (or reset the TCP connection) while the
 * gateway has stopped reading them: on a close, every frame the clients wrote (counted on the client side) is in
 * Kafka, in order per key, none twice; on a reset, every frame the gateway read is. The load comes from the blast
 * generator, which writes pre-built frames far faster than the gateway can deliver.
 */
@WithKafka
class CloseUnderBackpressureIT {
  static final int CONNECTIONS = 6;
  static final int FRAMES = 120;

  @Test
  void everyFrameWrittenBeforeTheCloseIsDelivered(KafkaCluster kafka) throws InterruptedException {
    JsonObject config = throttledGateway(kafka);
    String topic = config.getJsonObject("kafka").getJsonObject("topics").getString("videoFrames");
    try (GatewayProcess gateway = GatewayProcess.start(config, "256m")) {
      BlastResult result = Blaster.run(BlastOptions.frames(
          URI.create("ws://127.0.0.1:" + gateway.ingestPort() + "/ingest/recall"), CONNECTIONS, FRAMES));
      for (BlastResult.Connection c : result.connections()) {
        assertNull(c.error(), "connection " + c.index() + " ended cleanly");
        assertEquals(1000, c.closeCode(), "normal close answered");
        assertEquals(FRAMES, c.framesWritten(), "the client wrote all its frames");
      }
      assertTrue(GatewayProcess.metric(gateway.metrics(), "gateway_paused_seconds_total") > 0,
          "the gateway stopped reading: the test ran at saturation");
      long written = result.framesWritten();
      try (TopicReader reader = new TopicReader(kafka, topic)) {
        reader.readAtLeast((int) written, Duration.ofSeconds(120));
        List<ConsumerRecord<String, byte[]>> records = reader.readFor(Duration.ofSeconds(2));
        Map<String, Long> nextSeq = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
          long seq = Long.parseLong(TopicReader.header(r, "ce_seq"));
          long expected = nextSeq.getOrDefault(r.key(), 0L);
          assertEquals(expected, seq, "in order and none twice for " + r.key());
          nextSeq.put(r.key(), seq + 1);
        }
        assertEquals(written, records.size(), "every frame written is in Kafka, none twice");
        for (BlastResult.Connection c : result.connections()) {
          long delivered = nextSeq.entrySet().stream().filter(e -> e.getKey().startsWith(c.botId() + ":"))
              .mapToLong(Map.Entry::getValue).sum();
          assertEquals(c.framesWritten(), delivered, "frames of " + c.botId());
        }
      }
      assertEquals(0.0, GatewayProcess.metric(gateway.metrics(), "gateway_inflight_bytes"),
          "nothing is left charged once every connection finished");
    }
  }

  /**
   * A reset discards what the client's kernel still held (TCP's rule, not the gateway's), so the client cannot count
   * what reached the gateway; the gateway's own count of messages read (its "connection closed" line and the
   * {@code meeting.connection.closed} event) must then match Kafka exactly, as an unbroken sequence per key.
   */
  @Test
  void everyFrameReadBeforeAResetIsDelivered(KafkaCluster kafka) throws InterruptedException {
    JsonObject config = throttledGateway(kafka);
    String topic = config.getJsonObject("kafka").getJsonObject("topics").getString("videoFrames");
    String eventsTopic = config.getJsonObject("kafka").getJsonObject("topics").getString("events");
    try (GatewayProcess gateway = GatewayProcess.start(config, "256m")) {
      BlastResult result = Blaster.run(BlastOptions.frames(
          URI.create("ws://127.0.0.1:" + gateway.ingestPort() + "/ingest/recall"), CONNECTIONS, FRAMES)
          .endingWith(BlastOptions.Ending.RESET));
      assertTrue(GatewayProcess.metric(gateway.metrics(), "gateway_paused_seconds_total") > 0,
          "the gateway stopped reading: the resets came while frames waited in the socket");
      Awaitility.await("every reset connection finished").atMost(Duration.ofSeconds(120))
          .until(() -> gateway.logEvents("connection closed").size() == CONNECTIONS);
      Map<String, Long> readByBot = new HashMap<>();
      for (Map<String, Object> line : gateway.logEvents("connection closed")) {
        assertEquals(1006, ((Number) line.get("closeCode")).intValue(), "a reset is an abnormal close");
        readByBot.put((String) line.get("botId"), ((Number) line.get("messages")).longValue());
      }
      long read = readByBot.values().stream().mapToLong(Long::longValue).sum();
      assertTrue(read > 0, "the gateway read frames before the resets");
      System.out.printf("reset: clients wrote %d frames, the gateway read %d before the resets%n",
          result.framesWritten(), read);
      try (TopicReader reader = new TopicReader(kafka, topic)) {
        List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast((int) read, Duration.ofSeconds(120));
        records = reader.readFor(Duration.ofSeconds(2));
        Map<String, Long> nextSeq = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
          long seq = Long.parseLong(TopicReader.header(r, "ce_seq"));
          assertEquals(nextSeq.getOrDefault(r.key(), 0L), seq, "in order and none twice for " + r.key());
          nextSeq.put(r.key(), seq + 1);
        }
        for (BlastResult.Connection c : result.connections()) {
          long delivered = nextSeq.entrySet().stream().filter(e -> e.getKey().startsWith(c.botId() + ":"))
              .mapToLong(Map.Entry::getValue).sum();
          assertEquals(readByBot.get(c.botId()), delivered, "every frame read from " + c.botId() + " is in Kafka");
          assertTrue(delivered <= c.framesWritten(), "nothing invented for " + c.botId());
        }
      }
      try (TopicReader events = new TopicReader(kafka, eventsTopic)) {
        List<ConsumerRecord<String, byte[]>> closed = events.readUntil(all -> all.stream()
            .filter(r -> "meeting.connection.closed".equals(TopicReader.header(r, "ce_type"))).count() == CONNECTIONS,
            Duration.ofSeconds(30));
        long announced = closed.stream()
            .filter(r -> "meeting.connection.closed".equals(TopicReader.header(r, "ce_type")))
            .mapToLong(r -> new JsonObject(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))
                .getJsonObject("data").getLong("messages"))
            .sum();
        assertEquals(read, announced, "meeting.connection.closed states what was read and delivered");
      }
      assertEquals(0.0, GatewayProcess.metric(gateway.metrics(), "gateway_inflight_bytes"),
          "nothing is left charged once every connection finished");
    }
  }

  /** A gateway with small budgets in front of a producer Kafka throttles to 4 MB/s. */
  private static JsonObject throttledGateway(KafkaCluster kafka) {
    String clientId = "close-bp-" + UUID.randomUUID().toString().substring(0, 8);
    KafkaQuotas.throttleProducer(kafka, clientId, 4_000_000);
    JsonObject config = TestGateway.baseConfig(kafka)
        .put("delivery", new JsonObject().put("gatewayInFlightBytes", 8L * 1024 * 1024)
            .put("connectionInFlightBytes", 2L * 1024 * 1024));
    config.getJsonObject("kafka").put("clientId", clientId);
    return config;
  }
}
