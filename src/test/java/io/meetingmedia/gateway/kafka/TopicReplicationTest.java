package io.meetingmedia.gateway.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.meetingmedia.gateway.config.ConfigException;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.KafkaConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Replication of the topics the gateway creates: safe defaults, refusal of what the cluster cannot give. */
class TopicReplicationTest {

  private static KafkaConfig kafka(JsonObject settings) {
    JsonObject json = new JsonObject().put("kafka", settings.put("bootstrapServers", "localhost:9"));
    return GatewayConfig.fromJson(json, VendorRegistry.builtIn().names()).kafka();
  }

  @Test
  void defaultTakesThreeReplicasWhereThereAreThreeBrokersAndTwoInSync() {
    KafkaConfig k = kafka(new JsonObject());
    assertEquals(3, TopicProvisioner.replicasToCreate(k, 5));
    assertEquals(2, k.effectiveMinInsyncReplicas(3));
  }

  @Test
  void defaultOnASingleBrokerIsOneReplicaOneInSync() {
    KafkaConfig k = kafka(new JsonObject());
    assertEquals(1, TopicProvisioner.replicasToCreate(k, 1));
    assertEquals(1, k.effectiveMinInsyncReplicas(1));
    assertEquals(1, k.effectiveMinInsyncReplicas(2), "2 of 2 would stop writes during any broker restart");
  }

  @Test
  void anExplicitFactorTheClusterCannotGiveRefusesTheStart() {
    KafkaConfig k = kafka(new JsonObject().put("replicationFactor", 3));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TopicProvisioner.replicasToCreate(k, 1));
    assertTrue(e.getMessage().contains("'kafka.replicationFactor' is 3") && e.getMessage().contains("1 live broker"),
        e.getMessage());
  }

  @Test
  void minInsyncAboveTheFactorIsAConfigError() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> kafka(new JsonObject().put("replicationFactor", 2).put("minInsyncReplicas", 3)));
    assertTrue(e.getMessage().contains("kafka.minInsyncReplicas"), e.getMessage());
  }

  @Test
  void existingTopicsAreJudged() {
    assertTrue(TopicProvisioner.replicationProblem(1, 1, 3).contains("1 replica(s) but 3 configured"));
    assertTrue(TopicProvisioner.replicationProblem(3, 1, 3).contains("min.insync.replicas=1"));
    assertTrue(TopicProvisioner.replicationProblem(3, 3, 3).contains("one broker restart stops every write"));
    assertNull(TopicProvisioner.replicationProblem(3, 2, 3));
    assertNull(TopicProvisioner.replicationProblem(1, 1, 1));
  }
}
