package io.meetingmedia.gateway;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.meetingmedia.gateway.config.ConfigException;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ProductionDefaultsTest {
  private static final JsonArray TENANTS = new JsonArray().add(new JsonObject().put("id", "acme")
      .put("tokens", new JsonArray().add("a-long-enough-test-token-0123456789")));

  private static GatewayConfig config(String bootstrap, JsonArray tenants, Boolean allowAnonymous) {
    JsonObject json = new JsonObject().put("kafka", new JsonObject().put("bootstrapServers", bootstrap));
    if (tenants != null) {
      json.put("tenants", tenants);
    }
    if (allowAnonymous != null) {
      json.put("allowAnonymous", allowAnonymous);
    }
    return GatewayConfig.fromJson(json, VendorRegistry.builtIn().names());
  }

  @Test
  void productionRefusesEmptyBootstrapServersNamingKeyAndVariable() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ProductionDefaults.check(config("", TENANTS, null), false));
    assertTrue(e.getMessage().contains("'kafka.bootstrapServers'"), e.getMessage());
    assertTrue(e.getMessage().contains("KAFKA_BOOTSTRAP_SERVERS"), e.getMessage());
  }

  @Test
  void productionRefusesNoTenantsUnlessAllowAnonymous() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ProductionDefaults.check(config("broker:9092", null, null), false));
    assertTrue(e.getMessage().contains("'tenants'") && e.getMessage().contains("'allowAnonymous'"), e.getMessage());
    assertThrows(ConfigException.class, () -> ProductionDefaults.check(config("broker:9092", null, false), false));
    assertDoesNotThrow(() -> ProductionDefaults.check(config("broker:9092", null, true), false));
    assertDoesNotThrow(() -> ProductionDefaults.check(config("broker:9092", TENANTS, null), false));
  }

  @Test
  void developerArtifactKeepsEmbeddedBrokerAndOpenMode() {
    assertDoesNotThrow(() -> ProductionDefaults.check(config("", null, null), true));
  }

  @Test
  void startWithoutDeveloperToolsFailsBeforeStartingAnything() {
    assertThrows(ConfigException.class, () -> Gateway.start(config("", TENANTS, null), null));
  }
}
