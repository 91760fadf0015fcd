package io.meetingmedia.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Legacy Recall video (one socket per video stream, JSON hello, then u32le id + u32le ms + PNG) from real WebSocket
 * clients into Kafka: PNG bytes arrive byte-identical, with the header fields as CloudEvents attributes.
 */
@WithKafka
class RecallLegacyEndToEndIT {
  private static final String BOT = "bot-legacy-e2e";

  static byte[] frame(long participantId, long millis, byte[] png) {
    return ByteBuffer.allocate(8 + png.length).order(ByteOrder.LITTLE_ENDIAN)
        .putInt((int) participantId).putInt((int) millis).put(png).array();
  }

  @Test
  void twoStreamsOfOneBotArriveByteIdenticalAndInOrder(KafkaCluster kafka) throws Exception {
    try (TestGateway gw = TestGateway.start(kafka);
         WsClient jane = WsClient.connect(gw.ingestPort(), "/ingest/recall-legacy?token=t1");
         WsClient screen = WsClient.connect(gw.ingestPort(), "/ingest/recall-legacy?token=t1")) {
      // a frame before the hello goes to the dead-letter topic and does not stop the stream
      jane.sendBinary(frame(100, 0, TestImages.png(64, 36, 0, false)));
      String hello = "{\"protocol_version\": 1, \"bot_id\": \"" + BOT + "\"}";
      jane.sendText(hello);
      screen.sendText(hello);
      List<byte[]> janeFrames = new ArrayList<>();
      List<byte[]> screenFrames = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        byte[] a = TestImages.png(640, 360, i, i == 2);
        janeFrames.add(a);
        jane.sendBinary(frame(100, i * 500L, a));
        byte[] b = TestImages.png(1280, 720, 100 + i, false);
        screenFrames.add(b);
        byte[] message = frame(4_000_000_000L, 250 + i * 500L, b);
        if (i == 3) {
          screen.sendFragmented(false, message, 16 * 1024);
        } else {
          screen.sendBinary(message);
        }
      }

      try (TopicReader reader = new TopicReader(kafka, gw.topics().videoFrames())) {
        List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(12, Duration.ofSeconds(30));
        assertEquals(12, records.size());
        List<ConsumerRecord<String, byte[]>> janeRecords = records.stream()
            .filter(r -> r.key().equals(BOT + ":100")).toList();
        List<ConsumerRecord<String, byte[]>> screenRecords = records.stream()
            .filter(r -> r.key().equals(BOT + ":4000000000")).toList();
        assertEquals(6, janeRecords.size());
        assertEquals(6, screenRecords.size());
        for (int i = 0; i < 6; i++) {
          assertArrayEquals(janeFrames.get(i), janeRecords.get(i).value(), "participant 100 frame " + i);
          assertArrayEquals(screenFrames.get(i), screenRecords.get(i).value(), "participant 4000000000 frame " + i);
          assertEquals(String.valueOf(i), TopicReader.header(janeRecords.get(i), "ce_seq"));
          assertEquals(String.valueOf(i * 500), TopicReader.header(janeRecords.get(i), "ce_mediatimems"));
          assertEquals(String.valueOf(250 + i * 500), TopicReader.header(screenRecords.get(i), "ce_mediatimems"));
        }
        ConsumerRecord<String, byte[]> first = janeRecords.get(0);
        assertEquals("meeting.video.frame", TopicReader.header(first, "ce_type"));
        assertEquals("image/png", TopicReader.header(first, "content-type"));
        assertEquals("recall-legacy", TopicReader.header(first, "ce_vendor"));
        assertEquals(BOT, TopicReader.header(first, "ce_botid"));
        assertEquals("100", TopicReader.header(first, "ce_participantid"));
        assertEquals("/tenants/default/vendors/recall-legacy/bots/" + BOT, TopicReader.header(first, "ce_source"));
        assertEquals("640", TopicReader.header(first, "ce_width"));
        assertEquals("360", TopicReader.header(first, "ce_height"));
        assertEquals("1280", TopicReader.header(screenRecords.get(0), "ce_width"));
        assertEquals("720", TopicReader.header(screenRecords.get(0), "ce_height"));
        assertNull(TopicReader.header(first, "ce_videosource"), "the legacy protocol does not name the source");
        assertNull(TopicReader.header(first, "ce_participantname"));
        assertTrue(!TopicReader.header(first, "ce_connectionid")
            .equals(TopicReader.header(screenRecords.get(0), "ce_connectionid")), "one connection per stream");
      }

      try (TopicReader deadLetters = new TopicReader(kafka, gw.topics().deadLetter())) {
        ConsumerRecord<String, byte[]> dead = deadLetters.readAtLeast(1, Duration.ofSeconds(30)).get(0);
        assertEquals("missing_hello", TopicReader.header(dead, "ce_reason"));
        assertEquals("recall-legacy", TopicReader.header(dead, "ce_vendor"));
      }
    }
  }
}
