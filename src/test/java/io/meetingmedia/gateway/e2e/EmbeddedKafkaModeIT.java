package io.meetingmedia.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.Gateway;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.kafka.FreePorts;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.RecallMessages;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's first run: no Kafka configured, so the gateway starts a real single-node broker of its own, with its
 * data under the configured directory, and that data survives a restart of the gateway.
 */
@Timeout(120)
class EmbeddedKafkaModeIT {

  @TempDir
  Path dir;

  @Test
  void withoutBootstrapServersTheGatewayRunsItsOwnBroker() throws Exception {
    Path dataDir = dir.resolve("data").resolve("kafka");
    int kafkaPort = FreePorts.find();
    JsonObject json = new JsonObject()
        .put("ingest", new JsonObject().put("host", "127.0.0.1").put("port", FreePorts.find()).put("instances", 1))
        .put("management", new JsonObject().put("host", "127.0.0.1").put("port", FreePorts.find()))
        .put("kafka", new JsonObject().put("embedded", new JsonObject().put("dataDir", dataDir.toString())
            .put("port", kafkaPort).put("controllerPort", FreePorts.find())));
    GatewayConfig config = GatewayConfig.fromJson(json, VendorRegistry.builtIn().names());
    assertTrue(config.kafka().useEmbedded());
    byte[] png = TestImages.png(320, 180, 5, false);

    Gateway first = Gateway.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertEquals("localhost:" + kafkaPort, first.config().kafka().bootstrapServers());
    assertTrue(Files.exists(dataDir.resolve("logs").resolve("meta.properties")), "storage formatted in " + dataDir);
    try (WsClient client = WsClient.connect(config.ingest().port(), "/ingest/recall")) {
      client.sendText(RecallMessages.png("bot-first-run", 1, "New", "webcam", png, 0));
      try (TopicReader reader = new TopicReader(cluster(first), config.kafka().topics().videoFrames())) {
        assertArrayEquals(png, reader.readAtLeast(1, Duration.ofSeconds(30)).get(0).value());
      }
    }
    first.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    Gateway second = Gateway.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    try (TopicReader reader = new TopicReader(cluster(second), config.kafka().topics().videoFrames())) {
      List<ConsumerRecord<String, byte[]>> kept = reader.readAtLeast(1, Duration.ofSeconds(30));
      assertArrayEquals(png, kept.get(0).value(), "the embedded broker kept its data across restarts");
    } finally {
      second.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  private static KafkaCluster cluster(Gateway gateway) {
    String servers = gateway.config().kafka().bootstrapServers();
    return new KafkaCluster() {
      @Override
      public String bootstrapServers() {
        return servers;
      }

      @Override
      public void stop() {
        throw new UnsupportedOperationException("owned by the gateway");
      }

      @Override
      public void start() {
        throw new UnsupportedOperationException("owned by the gateway");
      }

      @Override
      public String describe() {
        return "the gateway's embedded broker at " + servers;
      }
    };
  }
}
