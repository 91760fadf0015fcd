package io.meetingmedia.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.config.ConfigException;
import io.meetingmedia.gateway.config.ConfigLoader;
import io.meetingmedia.gateway.config.ConfigSchema;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema is the documentation of every key, so it must say exactly what the Java code does: the same keys,
 * the same defaults and the same ranges. These tests fail when one side changes without the other.
 */
class ConfigSchemaTest {
  private final SchemaDocument schema = SchemaDocument.load();
  private final ConfigSchema validator = schema.validator();
  private final List<String> vendors = schema.vendorNames();

  @Test
  void builtInSchemaIsTheRepositoryFile() {
    assertEquals(schema.json(), ConfigSchema.builtIn().schema(), "the classpath copy is conf/gateway.schema.json");
  }

  @Test
  void schemaDefaultsAreTheJavaDefaults() {
    JsonObject defaults = schema.defaults();
    assertEquals(GatewayConfig.fromJson(new JsonObject(), vendors), GatewayConfig.fromJson(defaults, vendors));
    // spot checks, so that an empty defaults document cannot pass
    assertEquals(8080, defaults.getJsonObject("ingest").getInteger("port"));
    assertEquals("/ingest/meetstream-audio", defaults.getJsonObject("vendors").getJsonObject("meetstream-audio")
        .getString("path"));
    assertEquals(7, defaults.getJsonObject("kafka").getJsonObject("topics").size());
  }

  @Test
  void everyKeyHasDescriptionAndDefault() {
    List<String> problems = new ArrayList<>();
    schema.leaves((path, leaf) -> {
      if (path.equals("$schema")) {
        return;
      }
      if (!leaf.containsKey("default") && !leaf.containsKey("x-default")) {
        problems.add(path + " has no default (or x-default saying what it derives from)");
      }
      if (leaf.getString("description", "").isBlank()) {
        problems.add(path + " has no description");
      }
    });
    assertEquals(List.of(), problems);
    assertTrue(schema.defaults().getJsonObject("kafka").containsKey("producer"));
  }

  @Test
  void everyJavaConfigComponentIsDeclared() {
    List<String> missing = new ArrayList<>();
    declared(GatewayConfig.class, schema.json(), "", missing);
    assertEquals(List.of(), missing, "record components without a key in conf/gateway.schema.json");
  }

  /**
   * Record components whose JSON key has another name or path ("" = not a JSON key). Add an entry when a config
   * record stores a key under a different name, e.g. a digest of a configured token.
   */
  private static final Map<String, String> JSON_KEY = Map.of(
      "VendorRouteConfig.vendor", "",
      "TenantConfig.tokenDigests", "tokens",
      "TenantConfig.recallSecret", "recall.verificationSecret",
      "TenantConfig.recallToleranceSeconds", "recall.toleranceSeconds");

  /**
   * Walks the config records: every component must be a declared key, recursively, through maps of records (by
   * the keys the schema declares) and lists of records (the schema's {@code items}).
   */
  private void declared(Class<?> type, JsonObject node, String path, List<String> missing) {
    for (RecordComponent component : type.getRecordComponents()) {
      String key = JSON_KEY.getOrDefault(type.getSimpleName() + "." + component.getName(), component.getName());
      if (key.isEmpty()) {
        continue;
      }
      String child = path.isEmpty() ? key : path + "." + key;
      JsonObject schemaNode = node;
      for (String segment : key.split("\\.")) {
        Object next = schema.properties(schemaNode).get(segment);
        schemaNode = next == null ? null : schema.resolve(new JsonObject(asMap(next)));
        if (schemaNode == null) {
          break;
        }
      }
      if (schemaNode == null) {
        missing.add(child);
        continue;
      }
      Class<?> element = recordElement(component.getGenericType());
      if (component.getType().isRecord()) {
        declared(component.getType(), schemaNode, child, missing);
      } else if (element != null && Map.class.isAssignableFrom(component.getType())) {
        for (Map.Entry<String, Object> e : schema.properties(schemaNode).entrySet()) {
          declared(element, schema.resolve(new JsonObject(asMap(e.getValue()))), child + "." + e.getKey(), missing);
        }
      } else if (element != null && List.class.isAssignableFrom(component.getType())) {
        JsonObject items = schemaNode.getJsonObject("items");
        if (items == null) {
          missing.add(child + "[] (no items schema)");
        } else {
          declared(element, schema.resolve(items), child + "[]", missing);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return value instanceof JsonObject ? ((JsonObject) value).getMap() : (Map<String, Object>) value;
  }

  private static Class<?> recordElement(Type type) {
    if (type instanceof ParameterizedType) {
      Type[] args = ((ParameterizedType) type).getActualTypeArguments();
      Type last = args[args.length - 1];
      if (last instanceof Class && ((Class<?>) last).isRecord()) {
        return (Class<?>) last;
      }
    }
    return null;
  }

  @Test
  void everyBuiltInVendorHasARoute() {
    Set<String> builtIn = VendorRegistry.builtIn().names();
    assertFalse(builtIn.isEmpty());
    assertTrue(vendors.containsAll(builtIn), "schema vendors " + vendors + " lack some of " + builtIn);
    assertEquals(List.of("recall", "recall-legacy", "attendee", "meetstream", "meetstream-audio"), vendors);
  }

  @Test
  void defaultConfigFileListsEveryDefault() {
    JsonObject file = ConfigLoader.readFile(Path.of("conf", "gateway.json"));
    assertEquals(List.of(), validator.violations(file));
    assertEquals("./gateway.schema.json", file.remove("$schema"));
    // the developer configuration differs from the defaults in one key: it turns the live view on
    assertEquals(true, file.getJsonObject("view").getBoolean("enabled"), "conf/gateway.json shows the live view");
    file.getJsonObject("view").put("enabled", false);
    assertEquals(schema.defaults(), file, "conf/gateway.json must show every key with its default");
    assertEquals(GatewayConfig.fromJson(new JsonObject(), vendors), GatewayConfig.fromJson(file, vendors));
  }

  @Test
  void productionExampleIsValid() {
    JsonObject example = ConfigLoader.readFile(Path.of("conf", "production.example.json"));
    assertEquals(List.of(), validator.violations(example));
    assertTrue(example.getJsonObject("kafka").containsKey("$comment"), "the example explains itself");
    GatewayConfig config = GatewayConfig.fromJson(SchemaDocument.withoutComments(example), vendors);
    assertFalse(config.kafka().createTopics(), "Strimzi owns production topics");
    assertFalse(config.kafka().useEmbedded());
    assertEquals(64 * 1024 * 1024, config.maxMessageBytes());
    assertEquals("SASL_SSL", config.kafka().properties().get("security.protocol"));
    assertFalse(config.view().enabled(), "no live view of meeting video in production by default");
  }

  @Test
  void commentsAreAllowedInEveryObject() {
    JsonObject doc = schema.defaults();
    addComments(doc);
    assertEquals("x", doc.getJsonObject("kafka").getJsonObject("topics").getString("$comment"));
    assertEquals(List.of(), validator.violations(doc));
    ConfigSchema.Violation number = validator.violations(new JsonObject().put("$comment", 5)).get(0);
    assertEquals("$comment", number.path());
  }

  private static void addComments(JsonObject node) {
    for (String key : node.fieldNames()) {
      if (node.getValue(key) instanceof JsonObject && !key.equals("properties") && !key.equals("producer")) {
        addComments(node.getJsonObject(key));
      }
    }
    node.put("$comment", "x");
  }

  @Test
  void unknownKeyIsRejectedWithItsPath() {
    JsonObject doc = new JsonObject().put("kafka", new JsonObject().put("topics",
        new JsonObject().put("videoFrame", "frames")));
    assertEquals(List.of(new ConfigSchema.Violation("kafka.topics.videoFrame", "unknown key")),
        validator.violations(doc));
    assertEquals(List.of(new ConfigSchema.Violation("vendors.zoom", "unknown key")),
        validator.violations(new JsonObject().put("vendors", new JsonObject().put("zoom", new JsonObject()))));
    assertEquals(List.of(new ConfigSchema.Violation("colour", "unknown key")),
        validator.violations(new JsonObject().put("colour", "blue")));
    // the Java reader agrees
    ConfigException java = assertThrows(ConfigException.class, () -> GatewayConfig.fromJson(doc, vendors));
    assertTrue(java.getMessage().contains("kafka.topics.videoFrame"), java.getMessage());
  }

  @Test
  void wrongTypeIsRejectedWithItsPath() {
    List<ConfigSchema.Violation> port = validator.violations(
        new JsonObject().put("ingest", new JsonObject().put("port", "eighty")));
    assertEquals(1, port.size(), port.toString());
    assertEquals("ingest.port", port.get(0).path());
    assertTrue(port.get(0).message().contains("integer"), port.get(0).message());

    List<ConfigSchema.Violation> several = validator.violations(new JsonObject()
        .put("shutdown", new JsonObject().put("drainTimeoutSeconds", true))
        .put("kafka", new JsonObject().put("properties", new JsonObject().put("acks", new JsonObject()))
            .put("topics", new JsonObject().put("events", "no spaces allowed"))));
    assertEquals(Set.of("shutdown.drainTimeoutSeconds", "kafka.properties.acks", "kafka.topics.events"),
        Set.copyOf(several.stream().map(ConfigSchema.Violation::path).toList()), several.toString());
  }

  @Test
  void integerRangesAreTheJavaRanges() {
    List<String> checked = new ArrayList<>();
    schema.leaves((path, leaf) -> {
      if (!"integer".equals(leaf.getValue("type")) || leaf.containsKey("x-default")) {
        // a derived default (the budgets) is bounded by the heap too, which DeliveryConfigTest covers
        return;
      }
      long min = leaf.getLong("minimum");
      long max = leaf.getLong("maximum");
      assertAccepted(path, min);
      assertAccepted(path, max);
      assertRejected(path, min - 1);
      if (max < Long.MAX_VALUE) {
        assertRejected(path, max + 1);
      }
      checked.add(path);
    });
    assertTrue(checked.contains("ingest.port") && checked.contains("vendors.attendee.maxMessageBytes")
        && checked.contains("delivery.deadLetterMaxBytes"), checked.toString());
  }

  private void assertAccepted(String path, long value) {
    JsonObject doc = SchemaDocument.put(new JsonObject(), path, value);
    // cross-key rules of the Java reader, satisfied so that only the range is tested
    if (path.equals("delivery.gatewayInFlightBytes")) {
      SchemaDocument.put(doc, "delivery.connectionInFlightBytes", 1);
    } else if (path.equals("delivery.connectionInFlightBytes")) {
      SchemaDocument.put(doc, "delivery.gatewayInFlightBytes", Long.MAX_VALUE);
    }
    assertEquals(List.of(), validator.violations(doc), path + "=" + value);
    assertNotNull(GatewayConfig.fromJson(doc, vendors), path + "=" + value);
  }

  private void assertRejected(String path, long value) {
    JsonObject doc = SchemaDocument.put(new JsonObject(), path, value);
    List<ConfigSchema.Violation> violations = validator.violations(doc);
    assertEquals(1, violations.size(), path + "=" + value + ": " + violations);
    assertEquals(path, violations.get(0).path());
    ConfigException java = assertThrows(ConfigException.class, () -> GatewayConfig.fromJson(doc, vendors),
        path + "=" + value);
    assertTrue(java.getMessage().contains(path), java.getMessage());
  }

  @Test
  void loaderRefusesAFileThatBreaksTheSchema(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gateway.json");
    Files.writeString(file, "{\"ingest\": {\"port\": 8080, \"pingInterval\": 5}}");
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(file, Map.of(), VendorRegistry.builtIn().names()));
    assertTrue(e.getMessage().contains("'ingest.pingInterval': unknown key"), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());

    // environment overrides are strings and still apply on top of a valid file
    Files.writeString(file, "{\"ingest\": {\"port\": 8080}}");
    GatewayConfig config = ConfigLoader.load(file, Map.of("GATEWAY_PORT", "9000"), VendorRegistry.builtIn().names())
        .config();
    assertEquals(9000, config.ingest().port());
  }
}
