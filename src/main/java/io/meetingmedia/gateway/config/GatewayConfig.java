package io.meetingmedia.gateway.config;

import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole, validated gateway configuration. Built once at start-up from {@code conf/gateway.json} plus
 * environment overrides (see {@link ConfigLoader}); immutable afterwards.
 *
 * @param ingest     public WebSocket listener
 * @param management probes and metrics listener
 * @param vendors    route of each vendor, by vendor name
 * @param kafka      Kafka connection, topics and client properties
 * @param delivery   in-flight budgets and bad-input policy
 * @param shutdown   graceful stop timeouts
 */
public record GatewayConfig(IngestConfig ingest, ManagementConfig management, Map<String, VendorRouteConfig> vendors,
    KafkaConfig kafka, DeliveryConfig delivery, ShutdownConfig shutdown) {

  /**
   * @param json        the configuration document
   * @param vendorNames every vendor the gateway has an adapter for
   * @return the validated configuration
   * @throws ConfigException naming the first wrong key
   */
  public static GatewayConfig fromJson(JsonObject json, Collection<String> vendorNames) {
    ConfigReader root = new ConfigReader(json, "");
    IngestConfig ingest = IngestConfig.read(root.object("ingest"));
    ManagementConfig management = ManagementConfig.read(root.object("management"));
    ConfigReader vendorsReader = root.object("vendors");
    Map<String, VendorRouteConfig> vendors = new LinkedHashMap<>();
    for (String vendor : vendorNames) {
      vendors.put(vendor, VendorRouteConfig.read(vendor, vendorsReader.object(vendor)));
    }
    vendorsReader.finish();
    KafkaConfig kafka = KafkaConfig.read(root.object("kafka"));
    DeliveryConfig delivery = DeliveryConfig.read(root.object("delivery"));
    ShutdownConfig shutdown = ShutdownConfig.read(root.object("shutdown"));
    root.string("$schema", null);
    root.finish();
    GatewayConfig config = new GatewayConfig(ingest, management, Map.copyOf(vendors), kafka, delivery, shutdown);
    config.checkConsistency();
    return config;
  }

  private void checkConsistency() {
    Map<String, String> paths = new LinkedHashMap<>();
    for (VendorRouteConfig route : vendors.values()) {
      String previous = paths.put(route.path(), route.vendor());
      if (previous != null && route.enabled()) {
        throw new ConfigException("'vendors." + route.vendor() + ".path' duplicates the path of vendor '"
            + previous + "': " + route.path());
      }
    }
    if (ingest.port() != 0 && ingest.port() == management.port()) {
      throw new ConfigException("'management.port' must differ from 'ingest.port'");
    }
  }

  /** @return the largest message any enabled route accepts, which sizes the WebSocket frame limit and Kafka */
  public int maxMessageBytes() {
    return vendors.values().stream().filter(VendorRouteConfig::enabled)
        .mapToInt(VendorRouteConfig::maxMessageBytes).max().orElse(VendorRouteConfig.DEFAULT_MAX_MESSAGE_BYTES);
  }

  /** @return this configuration with other Kafka settings */
  public GatewayConfig withKafka(KafkaConfig other) {
    return new GatewayConfig(ingest, management, vendors, other, delivery, shutdown);
  }
}
