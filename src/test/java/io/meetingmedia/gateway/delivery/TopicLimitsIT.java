package io.meetingmedia.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The gateway learns about topics that are missing or too small at start-up, never by losing a frame. */
@WithKafka
class TopicLimitsIT {

  @Test
  void missingTopicsStopStartUpWhenCreationIsOff(KafkaCluster kafka) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestGateway.start(kafka,
        json -> json.getJsonObject("kafka").put("createTopics", false)));
    assertTrue(e.getMessage().contains("missing Kafka topics"), e.getMessage());
    assertTrue(e.getMessage().contains("'kafka.createTopics' is false"), e.getMessage());
  }

  @Test
  void tooSmallTopicsStopStartUpNamingTheSetting(KafkaCluster kafka) throws Exception {
    JsonObject base = TestGateway.baseConfig(kafka);
    JsonObject topics = base.getJsonObject("kafka").getJsonObject("topics");
    List<NewTopic> small = new ArrayList<>();
    for (String name : topics.fieldNames()) {
      small.add(new NewTopic(topics.getString(name), 1, (short) 1));
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(small).all().get(30, TimeUnit.SECONDS);
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestGateway.start(kafka,
        json -> json.put("kafka", base.getJsonObject("kafka").copy().put("createTopics", false))));
    String frames = topics.getString("videoFrames");
    assertTrue(e.getMessage().contains("topic '" + frames + "' has max.message.bytes=1048588 but needs at least "
        + (16 * 1024 * 1024 + 64 * 1024)), e.getMessage());
    assertTrue(e.getMessage().contains("--entity-name " + frames + " --add-config max.message.bytes=16842752"),
        e.getMessage());
  }
}
