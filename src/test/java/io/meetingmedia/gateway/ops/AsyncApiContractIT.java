package io.meetingmedia.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.TopicsConfig;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.RecallMessages;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Real records from a running gateway against {@code docs/asyncapi.yaml}: every header written is declared by the
 * topic's message, every required header is present, and each header value matches its schema.
 */
@WithKafka
class AsyncApiContractIT {
  private final AsyncApiDocument doc = AsyncApiDocument.load();

  @Test
  void framesAndDeadLettersMatchTheContract(KafkaCluster kafka) {
    try (TestGateway gw = TestGateway.start(kafka);
         WsClient client = WsClient.connect(gw.ingestPort(), "/ingest/recall")) {
      for (int i = 0; i < 3; i++) {
        client.sendText(RecallMessages.png("bot-contract", 100 + i, "Participant " + i, "webcam", TestImages.png(320, 180, i, false), i * 0.5));
      }
      client.sendText("{not json");
      client.sendText(RecallMessages.png("bot-contract", 7, "Bad", "webcam", new byte[] {1, 2, 3}, 1.0)
          .replace("\"buffer\":\"", "\"buffer\":\"!!"));

      TopicsConfig topics = gw.topics();
      TopicsConfig documented = GatewayConfig.fromJson(new JsonObject(), SchemaDocument.load().vendorNames())
          .kafka().topics();
      check(kafka, topics.videoFrames(), documented.videoFrames(), 3, TopicsConfig::videoFrames, topics);
      List<ConsumerRecord<String, byte[]>> dead = check(kafka, topics.deadLetter(), documented.deadLetter(), 2,
          TopicsConfig::deadLetter, topics);
      Set<String> reasons = new HashSet<>();
      dead.forEach(r -> reasons.add(TopicReader.header(r, "ce_reason")));
      assertEquals(Set.of("invalid_json", "invalid_base64"), reasons);
    }
  }

  /**
   * Reads {@code count} records of {@code topic} and checks them against the message of the documented channel
   * {@code documentedTopic} (the same {@link TopicsConfig} key; the test gateway prefixes its topic names).
   */
  private List<ConsumerRecord<String, byte[]>> check(KafkaCluster kafka, String topic, String documentedTopic,
      int count, Function<TopicsConfig, String> key, TopicsConfig topics) {
    assertEquals(topic, key.apply(topics));
    JsonNode message = doc.messageOf(documentedTopic);
    Set<String> declared = doc.declaredHeaders(message);
    Set<String> required = doc.requiredHeaders(message);
    Validator headerSchema = doc.headerValidator(message);
    try (TopicReader reader = new TopicReader(kafka, topic)) {
      List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(count, Duration.ofSeconds(30));
      assertEquals(count, records.size());
      for (ConsumerRecord<String, byte[]> record : records) {
        assertEquals(topic, record.topic());
        JsonObject headers = new JsonObject();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        Set<String> written = headers.fieldNames();
        Set<String> undeclared = new HashSet<>(written);
        undeclared.removeAll(declared);
        assertEquals(Set.of(), undeclared, documentedTopic + ": headers written but not in docs/asyncapi.yaml");
        Set<String> absent = new HashSet<>(required);
        absent.removeAll(written);
        assertEquals(Set.of(), absent, documentedTopic + ": required headers missing");
        OutputUnit result = headerSchema.validate(headers);
        assertTrue(result.getValid(), documentedTopic + " " + headers.encode() + " -> " + result.getErrors());
        assertTrue(record.key().matches(doc.deref(message.path("bindings").path("kafka").path("key"))
            .path("pattern").asText()), record.key());
      }
      return records;
    }
  }
}
