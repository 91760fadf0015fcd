package io.meetingmedia.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The budgets follow the heap unless configured, and a budget the heap cannot hold stops the start. */
class DeliveryConfigTest {
  static final long MIB = 1024 * 1024;

  @Test
  void unsetBudgetsDeriveFromTheHeap() {
    DeliveryConfig small = DeliveryConfig.read(new ConfigReader(new JsonObject(), "delivery"), 1024 * MIB);
    assertEquals(256 * MIB, small.gatewayInFlightBytes());
    assertEquals(32 * MIB, small.connectionInFlightBytes());
    DeliveryConfig tiny = DeliveryConfig.read(new ConfigReader(new JsonObject(), "delivery"), 128 * MIB);
    assertEquals(32 * MIB, tiny.gatewayInFlightBytes());
    assertEquals(4 * MIB, tiny.connectionInFlightBytes());
    DeliveryConfig big = DeliveryConfig.read(new ConfigReader(new JsonObject(), "delivery"), 16384 * MIB);
    assertEquals(4096 * MIB, big.gatewayInFlightBytes());
    assertEquals(32 * MIB, big.connectionInFlightBytes());
  }

  @Test
  void everyRecordIsChargedAtLeastItsShareOfTheRecordLimit() {
    DeliveryConfig defaults = DeliveryConfig.read(new ConfigReader(new JsonObject(), "delivery"), 1024 * MIB);
    assertEquals(16_384, defaults.maxInFlightRecords());
    assertEquals(16 * 1024, defaults.minRecordChargeBytes(), "256 MiB over 16,384 records");
    JsonObject json = new JsonObject().put("gatewayInFlightBytes", 64 * MIB).put("maxInFlightRecords", 1024);
    assertEquals(64 * 1024, DeliveryConfig.read(new ConfigReader(json, "delivery"), 1024 * MIB).minRecordChargeBytes());
    ConfigException zero = assertThrows(ConfigException.class, () -> DeliveryConfig.read(
        new ConfigReader(new JsonObject().put("maxInFlightRecords", 0), "delivery"), 1024 * MIB));
    assertTrue(zero.getMessage().contains("delivery.maxInFlightRecords"), zero.getMessage());
  }

  @Test
  void aBudgetOverHalfTheHeapIsRefusedNamingTheKey() {
    JsonObject json = new JsonObject().put("gatewayInFlightBytes", 600 * MIB);
    ConfigException e = assertThrows(ConfigException.class,
        () -> DeliveryConfig.read(new ConfigReader(json, "delivery"), 1024 * MIB));
    assertTrue(e.getMessage().contains("'delivery.gatewayInFlightBytes'"), e.getMessage());
    assertTrue(e.getMessage().contains("1024 MiB"), e.getMessage());
  }
}
