package io.meetingmedia.gateway.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds, reads and overrides the configuration. The file comes from {@code --config FILE}, else the
 * {@code GATEWAY_CONFIG} environment variable, else {@code conf/gateway.json} when it exists, else built-in
 * defaults. Environment variables in {@link #ENV_OVERRIDES} then replace single keys, which is how containers
 * set ports and brokers without editing the file.
 */
public final class ConfigLoader {
  /** Environment variable naming the configuration file. */
  public static final String CONFIG_ENV = "GATEWAY_CONFIG";
  /** Configuration file used when none is named and it exists. */
  public static final Path DEFAULT_FILE = Path.of("conf", "gateway.json");

  /** Environment variable → dotted key path it overrides. */
  public static final Map<String, String> ENV_OVERRIDES = envOverrides();

  private ConfigLoader() {
  }

  private static Map<String, String> envOverrides() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrapServers");
    map.put("GATEWAY_HOST", "ingest.host");
    map.put("GATEWAY_PORT", "ingest.port");
    map.put("GATEWAY_MANAGEMENT_PORT", "management.port");
    map.put("GATEWAY_VIEW_PORT", "view.port");
    map.put("GATEWAY_KAFKA_CREATE_TOPICS", "kafka.createTopics");
    map.put("GATEWAY_EMBEDDED_KAFKA_DATA_DIR", "kafka.embedded.dataDir");
    map.put("GATEWAY_EMBEDDED_KAFKA_PORT", "kafka.embedded.port");
    return Map.copyOf(map);
  }

  /**
   * @param explicitFile the {@code --config} argument, or {@code null}
   * @param env          the process environment
   * @param vendorNames  vendors with an adapter
   * @return the loaded, overridden and validated configuration
   */
  public static Loaded load(Path explicitFile, Map<String, String> env, Collection<String> vendorNames) {
    Path file = explicitFile;
    if (file == null && env.get(CONFIG_ENV) != null && !env.get(CONFIG_ENV).isBlank()) {
      file = Path.of(env.get(CONFIG_ENV));
    }
    if (file == null && Files.isRegularFile(DEFAULT_FILE)) {
      file = DEFAULT_FILE;
    }
    JsonObject json = file == null ? new JsonObject() : readFile(file);
    // the file as written must match gateway.schema.json; string-valued env overrides are left to fromJson's checks
    ConfigSchema.builtIn().validate(json, file == null ? "built-in defaults" : file.toString());
    for (Map.Entry<String, String> e : ENV_OVERRIDES.entrySet()) {
      String value = env.get(e.getKey());
      if (value != null) {
        set(json, e.getValue(), value);
      }
    }
    return new Loaded(GatewayConfig.fromJson(json, vendorNames, env::get), file);
  }

  /** Reads a JSON configuration file, naming the file and position on error. */
  public static JsonObject readFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new ConfigException("configuration file " + file + " is not a valid JSON object: " + e.getMessage(), e);
    }
  }

  private static void set(JsonObject root, String dotted, String value) {
    String[] parts = dotted.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      Object child = node.getValue(parts[i]);
      if (!(child instanceof JsonObject)) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = (JsonObject) child;
    }
    node.put(parts[parts.length - 1], value);
  }

  /**
   * @param config the configuration
   * @param file   the file it came from, or {@code null} for built-in defaults
   */
  public record Loaded(GatewayConfig config, Path file) {
  }
}
