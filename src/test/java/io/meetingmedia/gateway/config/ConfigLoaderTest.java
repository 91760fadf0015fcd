package io.meetingmedia.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  static final Set<String> VENDORS = VendorRegistry.builtIn().names();

  @TempDir
  Path dir;

  private Path write(String json) throws IOException {
    Path file = dir.resolve("gateway.json");
    Files.writeString(file, json);
    return file;
  }

  @Test
  void defaultsAreSaneAndStartTheEmbeddedBroker() {
    GatewayConfig config = GatewayConfig.fromJson(new JsonObject(), VENDORS);
    assertEquals(8080, config.ingest().port());
    assertEquals(8081, config.management().port());
    assertTrue(config.kafka().useEmbedded());
    assertEquals("./data/kafka", config.kafka().embedded().dataDir());
    assertEquals("meeting.video.frames", config.kafka().topics().videoFrames());
    assertEquals(16 * 1024 * 1024, config.vendors().get("recall").maxMessageBytes());
    assertEquals("/ingest/recall", config.vendors().get("recall").path());
    assertFalse(config.ingest().perMessageDeflate());
    assertFalse(config.view().enabled(), "the live view is off unless configured");
    assertEquals(8082, config.view().port());
  }

  @Test
  void environmentOverridesSingleKeysOfTheFile() throws IOException {
    Path file = write("{\"ingest\": {\"port\": 9000}, \"kafka\": {\"bootstrapServers\": \"file:9092\"}}");
    GatewayConfig config = ConfigLoader.load(file, Map.of("KAFKA_BOOTSTRAP_SERVERS", "env-broker:9092",
        "GATEWAY_PORT", "9100", "GATEWAY_MANAGEMENT_PORT", "9101", "GATEWAY_VIEW_PORT", "9102"), VENDORS).config();
    assertEquals("env-broker:9092", config.kafka().bootstrapServers());
    assertFalse(config.kafka().useEmbedded());
    assertEquals(9100, config.ingest().port());
    assertEquals(9101, config.management().port());
    assertEquals(9102, config.view().port());
  }

  @Test
  void theFileComesFromTheFlagThenTheEnvironment() throws IOException {
    Path fromEnv = write("{\"ingest\": {\"port\": 9200}}");
    ConfigLoader.Loaded loaded = ConfigLoader.load(null, Map.of("GATEWAY_CONFIG", fromEnv.toString()), VENDORS);
    assertEquals(fromEnv, loaded.file());
    assertEquals(9200, loaded.config().ingest().port());
    Path flag = dir.resolve("flag.json");
    Files.writeString(flag, "{\"ingest\": {\"port\": 9300}}");
    assertEquals(9300, ConfigLoader.load(flag, Map.of("GATEWAY_CONFIG", fromEnv.toString()), VENDORS).config()
        .ingest().port());
  }

  @Test
  void fileErrorsNameTheKeyAndTheProblem() throws IOException {
    assertMessage("{\"ingest\": {\"prot\": 1}}", "'ingest.prot': unknown key");
    assertMessage("{\"ingest\": {\"port\": \"eighty\"}}", "'ingest.port': Instance type string is invalid");
    assertMessage("{\"ingest\": {\"port\": 70000}}", "'ingest.port': 70000 is greater than 65535");
    assertMessage("{\"vendors\": {\"zoom\": {}}}", "'vendors.zoom': unknown key");
    assertMessage("{\"kafka\": 5}", "'kafka': Instance type number is invalid. Expected object");
    assertMessage("{\"ingest\": ", "is not a valid JSON object");
  }

  @Test
  void semanticErrorsNameTheKeyAndTheProblem() {
    assertReader("{\"ingest\": {\"prot\": 1}}", "unknown key 'ingest.prot'");
    assertReader("{\"ingest\": {\"port\": \"eighty\"}}", "'ingest.port' must be an integer, got 'eighty'");
    assertReader("{\"ingest\": {\"port\": 70000}}", "'ingest.port' must be between 0 and 65535, got 70000");
    assertReader("{\"vendors\": {\"recall\": {\"path\": \"ingest\"}}}", "'vendors.recall.path' must start with '/'");
    assertReader("{\"kafka\": {\"topics\": {\"events\": \"bad topic!\"}}}",
        "'kafka.topics.events' is not a valid Kafka topic name");
    assertReader("{\"delivery\": {\"gatewayInFlightBytes\": 10, \"connectionInFlightBytes\": 20}}",
        "'delivery.gatewayInFlightBytes' must be at least 'delivery.connectionInFlightBytes'");
    assertReader("{\"management\": {\"port\": 8080}}", "'management.port' must differ from 'ingest.port'");
    assertReader("{\"view\": {\"enabled\": true, \"port\": 8081}}",
        "'view.port' must differ from 'ingest.port' and 'management.port'");
  }

  private void assertReader(String json, String expected) {
    ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.fromJson(new JsonObject(json), VENDORS));
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }

  @Test
  void commentKeysAreAllowedForDocumentation() throws IOException {
    Path file = write("{\"$comment\": \"prod\", \"ingest\": {\"$comment\": \"public\", \"port\": 8443}}");
    assertEquals(8443, ConfigLoader.load(file, Map.of(), VENDORS).config().ingest().port());
  }

  @Test
  void environmentValuesAreValidatedToo() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of("GATEWAY_PORT", "http"), VENDORS));
    assertTrue(e.getMessage().contains("'ingest.port' must be an integer"), e.getMessage());
  }

  private void assertMessage(String json, String expected) throws IOException {
    Path file = write(json);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), VENDORS));
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }
}
