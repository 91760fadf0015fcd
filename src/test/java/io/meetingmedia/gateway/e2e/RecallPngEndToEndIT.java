package io.meetingmedia.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.RecallMessages;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Recall.ai PNG frames from a real WebSocket client all the way into Kafka, read back as a consumer would. */
@WithKafka
class RecallPngEndToEndIT {

  @Test
  void framesArriveWithKeyHeadersExactBytesAndOrder(KafkaCluster kafka) throws Exception {
    try (TestGateway gw = TestGateway.start(kafka);
         WsClient client = WsClient.connect(gw.ingestPort(), "/ingest/recall?token=not-logged")) {
      List<byte[]> sent = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int participant = i % 2 == 0 ? 100 : 200;
        byte[] png = TestImages.png(640, 360, i, i == 4);
        sent.add(png);
        String msg = RecallMessages.png("bot-e2e", participant, participant == 100 ? "Jane" : "Zoë", i == 3 ? "screenshare"
            : "webcam", png, i * 0.5);
        if (i == 4) {
          // a large frame, fragmented into 64 KiB frames as some WebSocket stacks send it
          client.sendFragmented(true, msg.getBytes(StandardCharsets.UTF_8), 64 * 1024);
        } else {
          client.sendText(msg);
        }
      }
      assertTrue(sent.get(4).length > 300_000, "the noisy frame is camera-sized");

      try (TopicReader reader = new TopicReader(kafka, gw.topics().videoFrames())) {
        List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(10, Duration.ofSeconds(30));
        assertEquals(10, records.size());
        Map<String, List<ConsumerRecord<String, byte[]>>> byKey = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
          byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        assertEquals(List.of("bot-e2e:100", "bot-e2e:200"), byKey.keySet().stream().sorted().toList());
        // order per key: payloads in send order
        List<ConsumerRecord<String, byte[]>> jane = byKey.get("bot-e2e:100");
        for (int j = 0; j < jane.size(); j++) {
          assertArrayEquals(sent.get(j * 2), jane.get(j).value(), "frame " + j + " of participant 100");
        }
        List<ConsumerRecord<String, byte[]>> zoe = byKey.get("bot-e2e:200");
        for (int j = 0; j < zoe.size(); j++) {
          assertArrayEquals(sent.get(j * 2 + 1), zoe.get(j).value(), "frame " + j + " of participant 200");
        }

        ConsumerRecord<String, byte[]> first = jane.get(0);
        assertEquals("1.0", TopicReader.header(first, "ce_specversion"));
        assertEquals("meeting.video.frame", TopicReader.header(first, "ce_type"));
        assertEquals("/tenants/default/vendors/recall/bots/bot-e2e", TopicReader.header(first, "ce_source"));
        assertEquals("image/png", TopicReader.header(first, "content-type"));
        assertEquals("recall", TopicReader.header(first, "ce_vendor"));
        assertEquals("default", TopicReader.header(first, "ce_tenant"));
        assertEquals("bot-e2e", TopicReader.header(first, "ce_botid"));
        assertEquals("100", TopicReader.header(first, "ce_participantid"));
        assertEquals("Jane", TopicReader.header(first, "ce_participantname"));
        assertEquals("webcam", TopicReader.header(first, "ce_videosource"));
        assertEquals("0", TopicReader.header(first, "ce_seq"));
        assertEquals("640", TopicReader.header(first, "ce_width"));
        assertEquals("360", TopicReader.header(first, "ce_height"));
        assertEquals("2026-10-06T08:10:00Z", TopicReader.header(first, "ce_time"));
        assertEquals("Zoë", TopicReader.header(zoe.get(0), "ce_participantname"));
        assertEquals("screenshare", TopicReader.header(zoe.get(1), "ce_videosource"));
        assertEquals("1500", TopicReader.header(zoe.get(1), "ce_mediatimems"));
        // webcam streams count separately from screenshare streams
        assertEquals(List.of("0", "1", "2", "3", "4"), jane.stream().map(r -> TopicReader.header(r, "ce_seq")).toList());
        assertEquals(List.of("0", "0", "1", "2", "3"), zoe.stream().map(r -> TopicReader.header(r, "ce_seq")).toList());

        // the CloudEvents SDK reads every record as a valid binary-mode event
        for (ConsumerRecord<String, byte[]> r : records) {
          CloudEvent event = KafkaMessageFactory.createReader(r).toEvent();
          assertEquals("meeting.video.frame", event.getType());
          assertEquals("image/png", event.getDataContentType());
          assertEquals(URI.create("/tenants/default/vendors/recall/bots/bot-e2e"), event.getSource());
          assertNotNull(event.getTime());
          assertEquals(r.key().substring(r.key().indexOf(':') + 1), event.getExtension("participantid"));
          assertArrayEquals(r.value(), event.getData().toBytes());
          assertNull(event.getExtension("token"), "no secret reaches the headers");
        }
        for (ConsumerRecord<String, byte[]> r : records) {
          r.headers().forEach(h -> assertTrue(!new String(h.value(), StandardCharsets.UTF_8).contains("not-logged"),
              "token leaked into header " + h.key()));
        }
      }

      String metrics = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + gw.managementPort() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(metrics.contains("gateway_records_out_total{kind=\"video_frame\",vendor=\"recall\"} 10.0"), metrics);
      assertTrue(metrics.contains("gateway_connections_open{tenant=\"default\",vendor=\"recall\"} 1.0"), metrics);
      assertTrue(!metrics.contains("bot-e2e"), "no bot id in metric labels");
    }
  }
}
