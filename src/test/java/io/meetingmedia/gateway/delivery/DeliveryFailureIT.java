package io.meetingmedia.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.RecallMessages;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A record Kafka cannot take within the producer's delivery timeout is never acknowledged silently: the vendor
 * socket is closed with 1011 and the failure is counted.
 */
@WithKafka
class DeliveryFailureIT {

  @Test
  void undeliverableRecordClosesTheSocketWith1011(KafkaCluster kafka) {
    try (TestGateway gw = TestGateway.start(kafka, json -> json.getJsonObject("kafka").put("producer", new JsonObject()
        .put("delivery.timeout.ms", "4000").put("request.timeout.ms", "2000").put("linger.ms", "0")
        .put("max.block.ms", "2000")));
         WsClient client = WsClient.connect(gw.ingestPort(), "/ingest/recall")) {
      byte[] png = TestImages.png(64, 64, 3, false);
      client.sendText(RecallMessages.png("bot-fail", 1, "A", "webcam", png, 0));
      try (TopicReader reader = new TopicReader(kafka, gw.topics().videoFrames())) {
        reader.readAtLeast(1, Duration.ofSeconds(30));
      }
      kafka.stop();
      try {
        client.sendText(RecallMessages.png("bot-fail", 1, "A", "webcam", png, 0.5));
        WsClient.Close close = client.awaitClose(Duration.ofSeconds(60));
        assertEquals((short) 1011, close.code());
        assertEquals("Kafka delivery failed", close.reason());
        double failures = gw.gateway().services().metrics().registry().find("gateway_delivery_failures")
            .tag("vendor", "recall").counter()
            .count();
        assertTrue(failures >= 1, "delivery failures are counted");
      } finally {
        kafka.start();
      }
    }
  }
}
