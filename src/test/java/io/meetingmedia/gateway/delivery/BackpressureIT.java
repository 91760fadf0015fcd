package io.meetingmedia.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.FrameSender;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A paused broker and a sender that never slows down by itself: the gateway stops reading, TCP pushes back until
 * the sender cannot write at all, and the gateway's in-flight bytes stay within the connection budget. When the
 * broker returns, the sender resumes and everything arrives.
 */
@WithKafka
class BackpressureIT {
  static final long CONNECTION_BUDGET = 2L * 1024 * 1024;
  static final int MAX_MESSAGE = 1024 * 1024;

  @Test
  void aPausedKafkaStallsTheVendorNotTheHeap(KafkaCluster kafka) {
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      frames.add(TestImages.png(640, 360, i % 10, true));
    }
    try (TestGateway gw = TestGateway.start(kafka, json -> json
        .put("delivery", new JsonObject().put("connectionInFlightBytes", CONNECTION_BUDGET))
        .put("vendors", new JsonObject().put("recall", new JsonObject().put("maxMessageBytes", MAX_MESSAGE))))) {
      try (TopicReader warm = new TopicReader(kafka, gw.topics().videoFrames())) {
        kafka.stop();
        FrameSender sender;
        try {
          sender = new FrameSender(WsClient.connect(gw.ingestPort(), "/ingest/recall"), "bot-bp", 1, frames).start();
          // the sender stalls: no write completes for two seconds while the gateway holds its budget
          Awaitility.await("sender stalled by TCP back-pressure").atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(100)).until(() -> {
                int before = sender.sent().size();
                Thread.sleep(2000);
                return sender.sent().size() == before && before > 0;
              });
          assertTrue(sender.sent().size() < frames.size(), "the sender could not write everything");
          long inFlight = gw.gateway().services().budget().used();
          assertTrue(inFlight <= CONNECTION_BUDGET + MAX_MESSAGE, "in flight " + inFlight + " within the budget");
          assertTrue(inFlight >= CONNECTION_BUDGET, "the budget is what stopped the reading: " + inFlight);
        } finally {
          kafka.start();
        }
        sender.await(120);
        List<ConsumerRecord<String, byte[]>> records = warm.readAtLeast(frames.size(), Duration.ofSeconds(120));
        assertEquals(frames.size(), records.size());
        for (int i = 0; i < frames.size(); i++) {
          assertArrayEquals(frames.get(i), records.get(i).value(), "frame " + i);
        }
        sender.client().close();
      }
    }
  }
}
