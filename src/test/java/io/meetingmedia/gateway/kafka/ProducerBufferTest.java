package io.meetingmedia.gateway.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code buffer.memory} must cover everything the budgets can admit, or a full producer buffer would block
 * {@code send()} on the Kafka worker for {@code max.block.ms} while every socket waits behind it.
 */
class ProducerBufferTest {

  private static GatewayConfig config(JsonObject delivery, int maxConnections) {
    JsonObject json = new JsonObject().put("kafka", new JsonObject().put("bootstrapServers", "localhost:9"))
        .put("delivery", delivery).put("limits", new JsonObject().put("maxConnections", maxConnections));
    return GatewayConfig.fromJson(json, VendorRegistry.builtIn().names());
  }

  @Test
  void bufferMemoryCoversTheGatewayBudgetAndOneSocketsWorthPerConnection() {
    GatewayConfig c = config(new JsonObject().put("gatewayInFlightBytes", 64L << 20)
        .put("connectionInFlightBytes", 8L << 20), 100);
    long buffer = Long.parseLong(KafkaClientSettings.producer(c).get(ProducerConfig.BUFFER_MEMORY_CONFIG));
    long perSocket = (8L << 20) + 2L * KafkaClientSettings.maxRecordBytes(c);
    assertEquals(KafkaClientSettings.maxAdmittedBytes(c), buffer);
    assertTrue(buffer >= (64L << 20) + 100 * perSocket, "every socket may overshoot by its budget and a message");
  }
}
