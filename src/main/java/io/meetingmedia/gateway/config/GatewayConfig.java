package io.meetingmedia.gateway.config;

import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
 * @param tenants    who may connect and where their records go; empty = open development mode (tenant
 *                   {@code default}, no credentials)
 * @param tls        TLS of the ingest listener
 * @param limits     connection, idle and authentication-failure limits
 * @param view       live view of the frames in Kafka (page and egress WebSocket)
 * @param allowAnonymous true = run without tenants on purpose; the production artifact refuses to start with no
 *                   tenants otherwise
 */
public record GatewayConfig(IngestConfig ingest, ManagementConfig management, Map<String, VendorRouteConfig> vendors,
    KafkaConfig kafka, DeliveryConfig delivery, ShutdownConfig shutdown, List<TenantConfig> tenants, TlsConfig tls,
    LimitsConfig limits, ViewConfig view, boolean allowAnonymous) {

  /**
   * @param json        the configuration document
   * @param vendorNames every vendor the gateway has an adapter for
   * @return the validated configuration, secrets read from the process environment and files
   * @throws ConfigException naming the first wrong key
   */
  public static GatewayConfig fromJson(JsonObject json, Collection<String> vendorNames) {
    return fromJson(json, vendorNames, System::getenv);
  }

  /**
   * @param json        the configuration document
   * @param vendorNames every vendor the gateway has an adapter for
   * @param env         environment for {@code ${env:NAME}} secret references
   * @return the validated configuration
   * @throws ConfigException naming the first wrong key
   */
  public static GatewayConfig fromJson(JsonObject json, Collection<String> vendorNames, Function<String, String> env) {
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
    LimitsConfig limits = LimitsConfig.read(root.object("limits"));
    TlsConfig tls = TlsConfig.read(root.object("tls"));
    ViewConfig view = ViewConfig.read(root.object("view"));
    List<TenantConfig> tenants = TenantConfig.readAll(root.array("tenants"), "tenants", vendorNames, limits,
        kafka.topics(), new SecretResolver(env));
    boolean allowAnonymous = root.bool("allowAnonymous", false);
    root.string("$schema", null);
    root.finish();
    GatewayConfig config = new GatewayConfig(ingest, management, Map.copyOf(vendors), kafka, delivery, shutdown,
        tenants, tls, limits, view, allowAnonymous);
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
    if (view.enabled() && view.port() != 0 && (view.port() == ingest.port() || view.port() == management.port())) {
      throw new ConfigException("'view.port' must differ from 'ingest.port' and 'management.port'");
    }
  }

  /** @return the largest message any enabled route accepts, which sizes the WebSocket frame limit and Kafka */
  public int maxMessageBytes() {
    return vendors.values().stream().filter(VendorRouteConfig::enabled)
        .mapToInt(VendorRouteConfig::maxMessageBytes).max().orElse(VendorRouteConfig.DEFAULT_MAX_MESSAGE_BYTES);
  }

  /** @return this configuration with other Kafka settings */
  public GatewayConfig withKafka(KafkaConfig other) {
    return new GatewayConfig(ingest, management, vendors, other, delivery, shutdown, tenants, tls, limits, view,
        allowAnonymous);
  }
}
