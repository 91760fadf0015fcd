package io.meetingmedia.gateway.failover;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.kafka.FreePorts;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.GatewayProcess;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.ReconnectingSender;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart, shortened: two gateway processes on the same topics, a bot streaming to the first, SIGTERM to
 * the first. The bot gets 1001, reconnects to the second and goes on; every frame it wrote is in Kafka once, in
 * order, and the drained gateway exits 0.
 */
@WithKafka
class RollingRestartIT {

  @Test
  void oneGatewayOfTwoDrainsAndTheBotContinuesOnTheOtherWithNothingLost(KafkaCluster kafka) {
    JsonObject first = TestGateway.baseConfig(kafka)
        .put("shutdown", new JsonObject().put("drainTimeoutSeconds", 20).put("flushTimeoutSeconds", 10));
    JsonObject second = first.copy();
    second.getJsonObject("ingest").put("port", FreePorts.find());
    second.getJsonObject("management").put("port", FreePorts.find());
    String topic = first.getJsonObject("kafka").getJsonObject("topics").getString("videoFrames");
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      frames.add(TestImages.png(96, 54, 1000 + i, true));
    }
    try (GatewayProcess a = GatewayProcess.start(first, "256m"); GatewayProcess b = GatewayProcess.start(second, "256m")) {
      ReconnectingSender bot = new ReconnectingSender(List.of(a.ingestPort(), b.ingestPort()), "bot-rolling", 3,
          frames, () -> 10).start();
      Awaitility.await("streaming to the first gateway").atMost(Duration.ofSeconds(30))
          .until(() -> GatewayProcess.metric(a.metrics(), "gateway_records_out_total") >= 40);

      a.sigterm();
      int exit = a.awaitExit(Duration.ofSeconds(60));
      bot.await(90);

      assertEquals(List.of((short) 1001), bot.closeCodes(), "one Going Away, then the second gateway");
      assertTrue(bot.progress() == frames.size() - 1, "the bot went on to the end");
      List<byte[]> written = bot.written();
      try (TopicReader reader = new TopicReader(kafka, topic)) {
        // wait for as many records as frames written (or time out, which the count below then reports), then a
        // little longer so that a duplicate would show
        try {
          reader.readUntil(all -> all.stream().filter(r -> r.key().equals(bot.key())).count() >= written.size(),
              Duration.ofSeconds(30));
        } catch (AssertionError timedOut) {
          // counted below
        }
        List<ConsumerRecord<String, byte[]>> mine = reader.readFor(Duration.ofSeconds(2)).stream()
            .filter(r -> r.key().equals(bot.key())).collect(Collectors.toList());
        // every frame is unique (its own seed), so a record names the frame it carries
        List<String> writtenIds = written.stream().map(RollingRestartIT::id).collect(Collectors.toList());
        List<String> deliveredIds = mine.stream().map(r -> id(r.value())).collect(Collectors.toList());
        List<Integer> lost = new ArrayList<>();
        for (int i = 0; i < writtenIds.size(); i++) {
          if (!deliveredIds.contains(writtenIds.get(i))) {
            lost.add(i);
          }
        }
        long duplicated = deliveredIds.size() - deliveredIds.stream().distinct().count();
        List<Integer> positions = deliveredIds.stream().map(writtenIds::indexOf).collect(Collectors.toList());
        boolean ordered = true;
        for (int i = 1; i < positions.size(); i++) {
          ordered &= positions.get(i) > positions.get(i - 1);
        }
        boolean inOrder = ordered;
        String context = " (written " + written.size() + ", dropped by the bot while closing " + bot.dropped().size()
            + ", reconnect " + bot.reconnectMillis() + " ms)";
        assertAll(
            () -> assertEquals(List.of(), lost, "written frames never delivered, by index" + context),
            () -> assertEquals(0, duplicated, "duplicated records" + context),
            () -> assertTrue(inOrder, "records in the order the bot wrote them: " + positions),
            () -> assertEquals(0, exit, "a clean drain exits 0"));
      }
    }
  }

  private static String id(byte[] frame) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(frame));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
