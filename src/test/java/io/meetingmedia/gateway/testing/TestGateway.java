package io.meetingmedia.gateway.testing;

import io.meetingmedia.gateway.Gateway;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.TopicsConfig;
import io.meetingmedia.gateway.kafka.FreePorts;
import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A gateway running in the test JVM against the test broker, on free ports and with topics of its own (a unique
 * prefix), so tests never read each other's records.
 */
public final class TestGateway implements AutoCloseable {
  private final Gateway gateway;
  private final JsonObject json;

  private TestGateway(Gateway gateway, JsonObject json) {
    this.gateway = gateway;
    this.json = json;
  }

  /** Starts a gateway with the test defaults. */
  public static TestGateway start(KafkaCluster kafka) {
    return start(kafka, json -> { });
  }

  /**
   * @param kafka   the broker
   * @param tweak   changes to the configuration JSON before it is validated
   * @return the running gateway
   */
  public static TestGateway start(KafkaCluster kafka, Consumer<JsonObject> tweak) {
    JsonObject json = baseConfig(kafka);
    tweak.accept(json);
    GatewayConfig config = GatewayConfig.fromJson(json, VendorRegistry.builtIn().names());
    try {
      Gateway gateway = Gateway.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      return new TestGateway(gateway, json);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("gateway did not start: " + e, e);
    }
  }

  /** @return the configuration document the tests start from */
  public static JsonObject baseConfig(KafkaCluster kafka) {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    JsonObject topics = new JsonObject();
    for (String key : new String[] {"videoFrames", "videoH264", "videoFmp4", "videoFmp4Init", "audioPcm", "events",
        "deadLetter"}) {
      topics.put(key, prefix + key);
    }
    return new JsonObject()
        .put("ingest", new JsonObject().put("host", "127.0.0.1").put("port", FreePorts.find()).put("instances", 1))
        .put("management", new JsonObject().put("host", "127.0.0.1").put("port", FreePorts.find()))
        .put("kafka", new JsonObject().put("bootstrapServers", kafka.bootstrapServers()).put("partitions", 3)
            .put("topics", topics))
        .put("shutdown", new JsonObject().put("drainTimeoutSeconds", 10).put("flushTimeoutSeconds", 5));
  }

  public Gateway gateway() {
    return gateway;
  }

  public GatewayConfig config() {
    return gateway.config();
  }

  public TopicsConfig topics() {
    return gateway.config().kafka().topics();
  }

  /** @return the configuration JSON the gateway was started with */
  public JsonObject json() {
    return json;
  }

  public int ingestPort() {
    return gateway.config().ingest().port();
  }

  public int managementPort() {
    return gateway.config().management().port();
  }

  /** Stops the gateway gracefully and waits for it. */
  @Override
  public void close() {
    try {
      gateway.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("gateway did not stop: " + e.getMessage(), e);
    }
  }
}
