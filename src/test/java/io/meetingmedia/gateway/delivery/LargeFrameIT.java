package io.meetingmedia.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.RecallMessages;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A frame close to the default 16 MiB message limit reaches Kafka intact, against a broker left at its 1 MiB
 * defaults: the gateway sized the topic and the producer for it at start-up.
 */
@WithKafka
class LargeFrameIT {

  @Test
  void aSixteenMebibyteMessageArrivesIntact(KafkaCluster kafka) {
    byte[] header = TestImages.png(1920, 1080, 1, false);
    byte[] png = new byte[11_900_000];
    new Random(42).nextBytes(png);
    System.arraycopy(header, 0, png, 0, 33); // signature and IHDR of a real 1920x1080 PNG
    try (TestGateway gw = TestGateway.start(kafka);
         WsClient client = WsClient.connect(gw.ingestPort(), "/ingest/recall")) {
      String message = RecallMessages.png("bot-large", 1, "Big", "screenshare", png, 0);
      assertTrue(message.length() > 15_800_000 && message.length() < 16 * 1024 * 1024, "just under the limit");
      client.sendText(message);
      client.sendFragmented(true, message.getBytes(StandardCharsets.UTF_8), 64 * 1024);
      try (TopicReader reader = new TopicReader(kafka, gw.topics().videoFrames())) {
        List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(2, Duration.ofSeconds(60));
        for (ConsumerRecord<String, byte[]> r : records) {
          assertArrayEquals(png, r.value());
          assertEquals("1920", TopicReader.header(r, "ce_width"));
        }
      }
    }
  }
}
