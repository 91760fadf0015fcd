package io.meetingmedia.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.FrameSender;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.GatewayProcess;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Kafka goes away in the middle of a stream and comes back: sockets pause, memory stays within the budget, and
 * every frame the vendors sent reaches Kafka exactly once, byte-identical, in order per key.
 */
@WithKafka
class KafkaOutageIT {
  static final long GATEWAY_BUDGET = 24L * 1024 * 1024;
  static final long CONNECTION_BUDGET = 6L * 1024 * 1024;
  static final int MAX_MESSAGE = 2 * 1024 * 1024;

  @Test
  void everyFrameSurvivesABrokerRestart(KafkaCluster kafka) {
    JsonObject config = TestGateway.baseConfig(kafka)
        .put("delivery", new JsonObject().put("gatewayInFlightBytes", GATEWAY_BUDGET)
            .put("connectionInFlightBytes", CONNECTION_BUDGET))
        .put("vendors", new JsonObject().put("recall", new JsonObject().put("maxMessageBytes", MAX_MESSAGE)));
    String topic = config.getJsonObject("kafka").getJsonObject("topics").getString("videoFrames");
    List<byte[]> pool = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      pool.add(TestImages.png(640, 360, i, true));
    }
    int perSender = 60;
    try (GatewayProcess gateway = GatewayProcess.start(config, "192m")) {
      List<FrameSender> senders = new ArrayList<>();
      for (int s = 0; s < 3; s++) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < perSender; i++) {
          frames.add(pool.get((i + s) % pool.size()));
        }
        senders.add(new FrameSender(WsClient.connect(gateway.ingestPort(), "/ingest/recall"), "bot-outage-" + s,
            100 + s, frames).start());
      }
      try (TopicReader reader = new TopicReader(kafka, topic)) {
        reader.readAtLeast(15, Duration.ofSeconds(60));
      }

      kafka.stop();
      try {
        // the budgets fill and the gateway stops reading: sockets are paused, nothing is dropped
        Awaitility.await("gateway pauses its sockets").atMost(Duration.ofSeconds(30))
            .until(() -> GatewayProcess.metric(gateway.metrics(), "gateway_inflight_bytes") >= CONNECTION_BUDGET);
        long bound = GATEWAY_BUDGET + 3L * (MAX_MESSAGE + 1024);
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        double maxInFlight = 0;
        while (System.nanoTime() < deadline) {
          String scrape = gateway.metrics();
          maxInFlight = Math.max(maxInFlight, GatewayProcess.metric(scrape, "gateway_inflight_bytes"));
          assertTrue(gateway.isAlive(), "gateway survived the outage within its 192 MiB heap");
        }
        assertTrue(maxInFlight <= bound, "in-flight bytes " + maxInFlight + " stayed within " + bound);
        assertTrue(senders.stream().anyMatch(s -> s.sent().size() < perSender),
            "vendors are held back while Kafka is down");
      } finally {
        kafka.start();
      }

      senders.forEach(s -> s.await(120));
      try (TopicReader reader = new TopicReader(kafka, topic)) {
        List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(3 * perSender, Duration.ofSeconds(120));
        reader.readFor(Duration.ofSeconds(2));
        for (FrameSender sender : senders) {
          assertEquals(perSender, sender.sent().size(), "sender " + sender.key() + " sent everything");
          List<ConsumerRecord<String, byte[]>> mine = records.stream().filter(r -> r.key().equals(sender.key()))
              .collect(Collectors.toList());
          assertEquals(perSender, mine.size(), "exactly the sent frames for " + sender.key());
          for (int i = 0; i < perSender; i++) {
            assertArrayEquals(sender.sent().get(i), mine.get(i).value(), sender.key() + " frame " + i);
            assertEquals(String.valueOf(i), TopicReader.header(mine.get(i), "ce_seq"));
          }
        }
      }
      assertTrue(GatewayProcess.metric(gateway.metrics(), "gateway_paused_seconds_total") > 0,
          "pause time is counted");
      assertEquals(0.0, GatewayProcess.metric(gateway.metrics(), "gateway_delivery_failures_total"));
      senders.forEach(s -> s.client().close());
    }
  }
}
