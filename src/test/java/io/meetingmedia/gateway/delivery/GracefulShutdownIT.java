package io.meetingmedia.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.ExitCodes;
import io.meetingmedia.gateway.testing.FrameSender;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.GatewayProcess;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.KafkaQuotas;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM in the middle of a stream while Kafka is slow: readiness turns false, new upgrades are refused, every
 * socket gets 1001 and is still read until the client's close, and Kafka holds every frame the client wrote.
 */
@WithKafka
class GracefulShutdownIT {

  @Test
  void sigtermDeliversEverythingAcceptedAndClosesWith1001(KafkaCluster kafka) {
    String clientId = "shutdown-it-" + UUID.randomUUID().toString().substring(0, 8);
    KafkaQuotas.throttleProducer(kafka, clientId, 3_000_000);
    JsonObject config = TestGateway.baseConfig(kafka)
        .put("delivery", new JsonObject().put("gatewayInFlightBytes", 12L * 1024 * 1024)
            .put("connectionInFlightBytes", 4L * 1024 * 1024))
        .put("shutdown", new JsonObject().put("drainTimeoutSeconds", 60).put("flushTimeoutSeconds", 10));
    config.getJsonObject("kafka").put("clientId", clientId);
    String topic = config.getJsonObject("kafka").getJsonObject("topics").getString("videoFrames");
    List<byte[]> pool = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      pool.add(TestImages.png(640, 360, 100 + i, true));
    }
    try (GatewayProcess gateway = GatewayProcess.start(config, "256m")) {
      List<FrameSender> senders = new ArrayList<>();
      for (int s = 0; s < 2; s++) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          frames.add(pool.get((i * 3 + s) % pool.size()));
        }
        senders.add(new FrameSender(WsClient.connect(gateway.ingestPort(), "/ingest/recall"), "bot-term-" + s, 7,
            frames).start());
      }
      Awaitility.await("records in flight").atMost(Duration.ofSeconds(30))
          .until(() -> GatewayProcess.metric(gateway.metrics(), "gateway_inflight_bytes") > 1024 * 1024);

      gateway.sigterm();
      // a fast drain may end before a poll sees the 503; then the log must show readiness turned off first
      Awaitility.await("readiness off").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
          .until(() -> gateway.readyStatus() == 503 || !gateway.isAlive());
      assertTrue(gateway.logText().contains("stopping: readiness off"), gateway.logText());
      int upgrade = WsClient.upgradeStatus(gateway.ingestPort(), "/ingest/recall", MultiMap.caseInsensitiveMultiMap());
      assertTrue(upgrade == 503 || upgrade == -1, "no new upgrades while draining (503, or listener closed): " + upgrade);
      for (FrameSender sender : senders) {
        WsClient.Close close = sender.client().awaitClose(Duration.ofSeconds(60));
        assertEquals((short) 1001, close.code(), "client saw Going Away");
      }
      int exit = gateway.awaitExit(Duration.ofSeconds(60));
      assertEquals(ExitCodes.OK, exit, "a completed drain exits 0, not the JVM's 143");

      List<Map<String, Object>> closed = gateway.logEvents("connection closed");
      assertEquals(2, closed.size(), gateway.logText());
      try (TopicReader reader = new TopicReader(kafka, topic)) {
        for (FrameSender sender : senders) {
          Map<String, Object> line = closed.stream().filter(e -> sender.key().startsWith(e.get("botId") + ":"))
              .findFirst().orElseThrow();
          int accepted = Integer.parseInt(String.valueOf(line.get("messages")));
          // the line is written once all is in Kafka: the frames, connection.opened and connection.closed
          assertEquals(accepted + 2, Integer.parseInt(String.valueOf(line.get("records"))));
          assertTrue(accepted > 0 && accepted < 200, "SIGTERM came mid-stream: " + accepted);
          assertEquals(sender.sent().size(), accepted, "every frame the client wrote before its close was read");
          List<ConsumerRecord<String, byte[]>> mine = reader.readUntil(all -> all.stream()
              .filter(r -> r.key().equals(sender.key())).count() >= accepted, Duration.ofSeconds(60))
              .stream().filter(r -> r.key().equals(sender.key())).collect(Collectors.toList());
          assertEquals(accepted, mine.size());
          for (int i = 0; i < accepted; i++) {
            assertArrayEquals(sender.sent().get(i), mine.get(i).value(), sender.key() + " frame " + i);
          }
        }
      }
      assertTrue(gateway.logText().contains("Kafka producer flushed and closed"));
    }
  }
}
