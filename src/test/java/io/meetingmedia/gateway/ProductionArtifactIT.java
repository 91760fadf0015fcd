package io.meetingmedia.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.GatewayProcess;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.RecallMessages;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The production artifact as the image runs it ({@code target/meeting-media-gateway-production.jar}, built in the
 * package phase before the integration tests): no broker, Scala or simulator inside, closed defaults, and a working
 * gateway against a real broker.
 */
@WithKafka
class ProductionArtifactIT {
  private static final Path JAR = Path.of("target", "meeting-media-gateway-production.jar");
  private static final String TOKEN = "production-artifact-it-token-0123456789";

  @Test
  void holdsNoBrokerNoScalaNoSimulator() throws IOException {
    assertTrue(Files.isRegularFile(JAR), "built by mvn package: " + JAR.toAbsolutePath());
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> forbidden = jar.stream().map(e -> e.getName())
          .filter(n -> (n.startsWith("kafka/") && n.endsWith(".class")) || n.startsWith("scala/")
              || n.startsWith("org/apache/kafka/raft/") || n.startsWith("org/apache/kafka/metadata/")
              || n.startsWith("org/apache/kafka/storage/") || n.startsWith("io/meetingmedia/gateway/simulator/")
              || n.startsWith("io/meetingmedia/gateway/devtools/")
              || n.startsWith("io/meetingmedia/gateway/kafka/EmbeddedKafkaBroker")
              || n.equals("META-INF/services/io.meetingmedia.gateway.DeveloperTools"))
          .limit(10).toList();
      assertEquals(List.of(), forbidden);
      assertTrue(jar.getEntry("org/apache/kafka/clients/producer/KafkaProducer.class") != null);
      assertTrue(jar.getEntry("io/meetingmedia/gateway/GatewayMain.class") != null);
    }
  }

  @Test
  void emptyBootstrapServersIsAStartUpErrorNamingKeyAndVariable(KafkaCluster kafka) {
    JsonObject config = withTenant(TestGateway.baseConfig(kafka));
    config.getJsonObject("kafka").put("bootstrapServers", "");
    try (GatewayProcess gateway = GatewayProcess.startJar(JAR, config)) {
      assertEquals(ExitCodes.CONFIG_INVALID, gateway.awaitExit(Duration.ofSeconds(30)), gateway.logText());
      String log = gateway.logText();
      assertTrue(log.contains("'kafka.bootstrapServers'") && log.contains("KAFKA_BOOTSTRAP_SERVERS"), log);
      assertFalse(log.contains("EMBEDDED"), log);
    }
  }

  @Test
  void noTenantsIsAStartUpErrorUnlessAllowAnonymous(KafkaCluster kafka) {
    try (GatewayProcess gateway = GatewayProcess.startJar(JAR, TestGateway.baseConfig(kafka))) {
      assertEquals(ExitCodes.CONFIG_INVALID, gateway.awaitExit(Duration.ofSeconds(30)), gateway.logText());
      assertTrue(gateway.logText().contains("'allowAnonymous'"), gateway.logText());
    }
    try (GatewayProcess gateway = GatewayProcess.startJar(JAR,
        TestGateway.baseConfig(kafka).put("allowAnonymous", true))) {
      gateway.awaitReady();
      assertTrue(gateway.logText().contains("allowAnonymous"), gateway.logText());
    }
  }

  @Test
  void runsAgainstARealBrokerWithTenantTokens(KafkaCluster kafka) {
    JsonObject config = withTenant(TestGateway.baseConfig(kafka));
    String topic = config.getJsonObject("kafka").getJsonObject("topics").getString("videoFrames");
    try (GatewayProcess gateway = GatewayProcess.startJar(JAR, config);
        TopicReader reader = new TopicReader(kafka, topic)) {
      gateway.awaitReady();
      assertEquals(401, WsClient.upgradeStatus(gateway.ingestPort(), "/ingest/recall?token=made-up-token-0123456789",
          MultiMap.caseInsensitiveMultiMap()));
      try (WsClient ws = WsClient.connect(gateway.ingestPort(), "/ingest/recall?token=" + TOKEN)) {
        ws.sendText(RecallMessages.png("bot-prod", 7, "Jane", "webcam", TestImages.png(64, 48, 1, false), 1.0));
        List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(1, Duration.ofSeconds(30));
        assertEquals("bot-prod:7", records.get(0).key());
        assertEquals("acme", TopicReader.header(records.get(0), "ce_tenant"));
      }
    }
  }

  private static JsonObject withTenant(JsonObject config) {
    return config.put("tenants", new JsonArray().add(new JsonObject().put("id", "acme")
        .put("tokens", new JsonArray().add(TOKEN))));
  }
}
