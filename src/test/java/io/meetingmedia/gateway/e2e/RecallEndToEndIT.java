package io.meetingmedia.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import io.meetingmedia.gateway.adapter.golden.FixtureFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every kind of Recall real-time event — participant events, chat, partial and final transcripts, PNG frames, H.264
 * access units, mixed and per-participant audio, an event the gateway does not know, and a bad frame — on one real
 * WebSocket, through the gateway into the real broker, read back from each topic as a consumer would.
 */
@WithKafka
class RecallEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BOT = "bot-e2e-recall";
  private static final String START = "2026-10-06T08:10:";

  private static JsonObject jane() {
    return new JsonObject().put("id", 100).put("name", "Jane").put("is_host", true).put("platform", "desktop")
        .put("extra_data", new JsonObject()).putNull("email");
  }

  private static JsonObject zoe() {
    return new JsonObject().put("id", 200).put("name", "Zoë").put("is_host", false).putNull("platform")
        .put("extra_data", new JsonObject());
  }

  private static JsonObject timestamp(double relative) {
    return new JsonObject().put("relative", relative)
        .put("absolute", String.format(Locale.ROOT, "%s%06.3fZ", START, relative));
  }

  private static String message(String event, String resource, JsonObject inner) {
    JsonObject data = new JsonObject().put("data", inner)
        .put("realtime_endpoint", new JsonObject().put("id", "re_1").put("metadata", new JsonObject()))
        .put(resource, new JsonObject().put("id", "res_1").put("metadata", new JsonObject()))
        .put("recording", new JsonObject().put("id", "rec_1").put("metadata", new JsonObject()))
        .put("bot", new JsonObject().put("id", BOT).put("metadata", new JsonObject()));
    return new JsonObject().put("event", event).put("data", data).encode();
  }

  private static String media(String event, String resource, JsonObject participant, byte[] buffer, double rel) {
    JsonObject inner = new JsonObject().put("buffer", Base64.getEncoder().encodeToString(buffer))
        .put("timestamp", timestamp(rel));
    if (participant != null) {
      inner.put("participant", participant).put("type", "webcam");
    }
    return message(event, resource, inner);
  }

  private static String participantEvent(String name, JsonObject participant, double rel, JsonObject chat) {
    return message("participant_events." + name, "participant_events", new JsonObject()
        .put("participant", participant).put("timestamp", timestamp(rel)).put("data", chat));
  }

  private static String transcript(String event, double start, String... words) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < words.length; i++) {
      list.add(new JsonObject().put("text", words[i])
          .put("start_timestamp", new JsonObject().put("relative", start + i * 0.25))
          .put("end_timestamp", new JsonObject().put("relative", start + (i + 1) * 0.25)));
    }
    return message(event, "transcript", new JsonObject().put("words", list).put("participant", jane()));
  }

  private static byte[] pcm(double hz, int index) {
    ByteBuffer b = ByteBuffer.allocate(640).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 320; i++) {
      b.putShort((short) (Math.sin(2 * Math.PI * hz * (index * 320 + i) / 16_000) * 10_000));
    }
    return b.array();
  }

  /** Our normalized event, as the test expects it. */
  private static JsonNode event(String type, String participant, String name, String time, Long mediaMs,
      JsonObject data) throws Exception {
    JsonObject e = new JsonObject().put("type", type).put("vendor", "recall").put("botId", BOT)
        .put("participantId", participant);
    if (name != null) {
      e.put("participantName", name);
    }
    e.put("time", time);
    if (mediaMs != null) {
      e.put("mediaTimeMs", mediaMs);
    }
    return JSON.readTree(e.put("data", data).encode());
  }

  private static String receivedMillis(ConsumerRecord<String, byte[]> r) {
    return Instant.parse(TopicReader.header(r, "ce_receivedat")).truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private static JsonObject who(boolean host, String platform) {
    return new JsonObject().put("isHost", host).put("platform", platform).putNull("email");
  }

  @Test
  void everyEventKindOnOneSocketLandsOnItsTopicInOrder(KafkaCluster kafka) throws Exception {
    byte[] idr = FixtureFiles.media("recall", "idr.h264");
    byte[] delta = FixtureFiles.media("recall", "p.h264");
    byte[] png1 = TestImages.png(640, 360, 1, false);
    byte[] png2 = TestImages.png(640, 360, 2, true);
    byte[] mixed1 = pcm(440, 0);
    byte[] mixed2 = pcm(440, 1);
    byte[] janeAudio = pcm(220, 0);

    try (TestGateway gw = TestGateway.start(kafka);
         WsClient client = WsClient.connect(gw.ingestPort(), "/ingest/recall/?token=url-secret-123")) {
      client.sendText(participantEvent("join", jane(), 0.0, null));
      client.sendText(participantEvent("join", zoe(), 0.25, null));
      client.sendText(media("video_separate_png.data", "video_separate", jane(), png1, 0.5));
      client.sendText(media("video_separate_h264.data", "video_separate", zoe(), idr, 0.5));
      client.sendText(media("audio_mixed_raw.data", "audio_mixed", null, mixed1, 0.52));
      client.sendText(media("audio_separate_raw.data", "audio_separate", jane(), janeAudio, 0.52));
      client.sendText(transcript("transcript.partial_data", 1.0, "Hel"));
      client.sendText(media("video_separate_h264.data", "video_separate", zoe(), delta, 0.6));
      client.sendText(transcript("transcript.data", 1.0, "Hello", "everyone."));
      client.sendText(participantEvent("chat_message", zoe(), 2.5,
          new JsonObject().put("text", "Can you see my screen?").put("to", "everyone")));
      client.sendText(media("audio_mixed_raw.data", "audio_mixed_raw", null, mixed2, 0.54));
      client.sendText(message("breakout_room.entered", "breakout_room", new JsonObject()
          .put("participant", jane()).put("timestamp", timestamp(3.0)).put("room", new JsonObject().put("n", 2))));
      client.sendText(media("video_separate_png.data", "video_separate", jane(), TestImages.jpeg(64, 36, 3), 0.9));
      client.sendText(media("video_separate_png.data", "video_separate", jane(), png2, 1.0));
      client.sendText(participantEvent("speech_on", jane(), 3.5, null));
      client.sendText(participantEvent("leave", zoe(), 4.0, null));

      try (TopicReader reader = new TopicReader(kafka, gw.topics().videoFrames(), gw.topics().videoH264(),
          gw.topics().audioPcm(), gw.topics().events(), gw.topics().deadLetter())) {
        // 16 messages, and the connection's own meeting.connection.opened once the first one named the bot
        List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(17, Duration.ofSeconds(60));
        assertEquals(17, records.size());
        Map<String, List<ConsumerRecord<String, byte[]>>> byTopicKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
          String topic = r.topic().substring(r.topic().indexOf('.') + 1);
          byTopicKey.computeIfAbsent(topic + " " + r.key(), k -> new ArrayList<>()).add(r);
        }
        assertEquals(List.of("audioPcm " + BOT + ":100", "audioPcm " + BOT + ":mixed", "deadLetter " + BOT
            + ":unknown", "events " + BOT + ":100", "events " + BOT + ":200", "events " + BOT + ":mixed",
            "videoFrames " + BOT + ":100",
            "videoH264 " + BOT + ":200"), byTopicKey.keySet().stream().sorted().toList());

        List<ConsumerRecord<String, byte[]>> frames = byTopicKey.get("videoFrames " + BOT + ":100");
        assertEquals(2, frames.size());
        assertArrayEquals(png1, frames.get(0).value());
        assertArrayEquals(png2, frames.get(1).value());
        assertEquals("image/png", TopicReader.header(frames.get(1), "content-type"));
        assertEquals("1000", TopicReader.header(frames.get(1), "ce_mediatimems"));
        assertEquals("1", TopicReader.header(frames.get(1), "ce_seq"));

        List<ConsumerRecord<String, byte[]>> h264 = byTopicKey.get("videoH264 " + BOT + ":200");
        assertEquals(2, h264.size());
        assertArrayEquals(idr, h264.get(0).value());
        assertArrayEquals(delta, h264.get(1).value());
        assertEquals(List.of("true", "false"), h264.stream().map(r -> TopicReader.header(r, "ce_keyframe")).toList());
        for (ConsumerRecord<String, byte[]> r : h264) {
          assertEquals("meeting.video.h264", TopicReader.header(r, "ce_type"));
          assertEquals("video/h264", TopicReader.header(r, "content-type"));
          assertEquals("200", TopicReader.header(r, "ce_participantid"));
          assertEquals("Zoë", TopicReader.header(r, "ce_participantname"));
          assertEquals("webcam", TopicReader.header(r, "ce_videosource"));
        }
        assertEquals(List.of("500", "600"), h264.stream().map(r -> TopicReader.header(r, "ce_mediatimems")).toList());
        assertEquals(START + "00.600Z", TopicReader.header(h264.get(1), "ce_vendortime"));

        List<ConsumerRecord<String, byte[]>> mixed = byTopicKey.get("audioPcm " + BOT + ":mixed");
        assertEquals(2, mixed.size(), "both resource keys (audio_mixed, audio_mixed_raw) are accepted");
        assertArrayEquals(mixed1, mixed.get(0).value());
        assertArrayEquals(mixed2, mixed.get(1).value());
        ConsumerRecord<String, byte[]> separate = byTopicKey.get("audioPcm " + BOT + ":100").get(0);
        assertArrayEquals(janeAudio, separate.value());
        for (ConsumerRecord<String, byte[]> r : List.of(mixed.get(0), mixed.get(1), separate)) {
          assertEquals("meeting.audio.chunk", TopicReader.header(r, "ce_type"));
          assertEquals("audio/pcm;rate=16000;channels=1;encoding=s16le", TopicReader.header(r, "content-type"));
          assertEquals("16000", TopicReader.header(r, "ce_samplerate"));
          assertEquals("1", TopicReader.header(r, "ce_channels"));
          assertEquals("s16le", TopicReader.header(r, "ce_encoding"));
          assertNull(TopicReader.header(r, "ce_videosource"));
        }
        assertEquals("mixed", TopicReader.header(mixed.get(0), "ce_participantid"));
        assertEquals("Jane", TopicReader.header(separate, "ce_participantname"));
        assertEquals("520", TopicReader.header(separate, "ce_mediatimems"));

        List<ConsumerRecord<String, byte[]>> janeEvents = byTopicKey.get("events " + BOT + ":100");
        List<ConsumerRecord<String, byte[]>> zoeEvents = byTopicKey.get("events " + BOT + ":200");
        assertEquals(List.of("meeting.participant.joined", "meeting.transcript.partial", "meeting.transcript.final",
            "meeting.vendor.event", "meeting.participant.speech_started"),
            janeEvents.stream().map(r -> TopicReader.header(r, "ce_type")).toList());
        assertEquals(List.of("meeting.participant.joined", "meeting.chat.message", "meeting.participant.left"),
            zoeEvents.stream().map(r -> TopicReader.header(r, "ce_type")).toList());
        for (ConsumerRecord<String, byte[]> r : janeEvents) {
          assertEquals("application/json", TopicReader.header(r, "content-type"));
        }
        // without a vendor time an event is timed by its receive time (EventJson keeps millisecond precision)
        String partialTime = receivedMillis(janeEvents.get(1));
        String finalTime = receivedMillis(janeEvents.get(2));
        List<JsonNode> expectedJane = List.of(
            event("meeting.participant.joined", "100", "Jane", START + "00Z", 0L, who(true, "desktop")),
            event("meeting.transcript.partial", "100", "Jane", partialTime, 1000L, new JsonObject().put("text", "Hel")
                .put("words", new JsonArray().add(new JsonObject().put("text", "Hel").put("start", 1.0)
                    .put("end", 1.25)))),
            event("meeting.transcript.final", "100", "Jane", finalTime, 1000L, new JsonObject()
                .put("text", "Hello everyone.").put("words", new JsonArray()
                    .add(new JsonObject().put("text", "Hello").put("start", 1.0).put("end", 1.25))
                    .add(new JsonObject().put("text", "everyone.").put("start", 1.25).put("end", 1.5)))),
            event("meeting.vendor.event", "100", "Jane", START + "03Z", 3000L,
                new JsonObject().put("event", "breakout_room.entered")),
            event("meeting.participant.speech_started", "100", "Jane", START + "03.500Z", 3500L,
                who(true, "desktop")));
        for (int i = 0; i < expectedJane.size(); i++) {
          assertEquals(expectedJane.get(i), JSON.readTree(janeEvents.get(i).value()), "event " + i + " of 100");
        }
        List<JsonNode> expectedZoe = List.of(
            event("meeting.participant.joined", "200", "Zoë", START + "00.250Z", 250L, who(false, null)),
            event("meeting.chat.message", "200", "Zoë", START + "02.500Z", 2500L, who(false, null)
                .put("text", "Can you see my screen?").put("to", "everyone")),
            event("meeting.participant.left", "200", "Zoë", START + "04Z", 4000L, who(false, null)));
        for (int i = 0; i < expectedZoe.size(); i++) {
          assertEquals(expectedZoe.get(i), JSON.readTree(zoeEvents.get(i).value()), "event " + i + " of 200");
        }
        assertEquals(START + "02.500Z", TopicReader.header(zoeEvents.get(1), "ce_time"));
        assertEquals("2500", TopicReader.header(zoeEvents.get(1), "ce_mediatimems"));

        assertEquals(List.of("meeting.connection.opened"), byTopicKey.get("events " + BOT + ":mixed").stream()
            .map(r -> TopicReader.header(r, "ce_type")).toList());

        ConsumerRecord<String, byte[]> dead = byTopicKey.get("deadLetter " + BOT + ":unknown").get(0);
        assertEquals("magic_mismatch", TopicReader.header(dead, "ce_reason"));

        for (ConsumerRecord<String, byte[]> r : records) {
          CloudEvent event = KafkaMessageFactory.createReader(r).toEvent();
          assertEquals(TopicReader.header(r, "ce_type"), event.getType());
          assertArrayEquals(r.value(), event.getData().toBytes());
          r.headers().forEach(h -> assertFalse(new String(h.value(), StandardCharsets.UTF_8).contains("url-secret"),
              "the URL token leaked into header " + h.key()));
        }
      }
    }
  }
}
