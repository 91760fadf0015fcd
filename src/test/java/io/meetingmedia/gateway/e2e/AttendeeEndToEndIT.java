package io.meetingmedia.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * An Attendee bot configured with one URL for video, mixed audio and per-participant audio: all three triggers
 * interleaved on one real WebSocket, through the gateway into the real broker, read back as a consumer would.
 */
@WithKafka
class AttendeeEndToEndIT {
  private static final String BOT = "bot_e2e_attendee";
  private static final String ALICE = "16778240";
  private static final String MEET_DEVICE = "spaces/XyZ/devices/7";
  private static final long T0 = 1_760_000_000_000L;

  static String video(String participant, String source, String frame, boolean withFormat) {
    JsonObject data = new JsonObject().put("frame", frame);
    if (withFormat) {
      data.put("format", "jpeg");
    }
    data.put("participant_uuid", participant).put("source", source);
    return new JsonObject().put("trigger", "realtime_video.per_participant").put("bot_id", BOT).put("data", data)
        .encode();
  }

  static String audio(String participant, byte[] pcm, int rate, long timestampMs) {
    JsonObject data = new JsonObject().put("chunk", Base64.getEncoder().encodeToString(pcm))
        .put("timestamp_ms", timestampMs).put("sample_rate", rate);
    String trigger = "realtime_audio.mixed";
    if (participant != null) {
      data.put("participant_uuid", participant);
      trigger = "realtime_audio.per_participant";
    }
    return new JsonObject().put("trigger", trigger).put("bot_id", BOT).put("data", data).encode();
  }

  /** 20 ms of a sine tone as 16-bit little-endian mono PCM, as Attendee's audioop produces it. */
  static byte[] tone(int rate, double hz, int index) {
    int samples = rate / 50;
    ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples; i++) {
      pcm.putShort((short) (Math.sin(2 * Math.PI * hz * (index * samples + i) / rate) * 12_000));
    }
    return pcm.array();
  }

  @Test
  void videoAndBothAudioStreamsInterleavedOnOneSocket(KafkaCluster kafka) throws Exception {
    Map<String, List<byte[]>> sentByKey = new LinkedHashMap<>();
    Map<String, List<Long>> audioTimes = new LinkedHashMap<>();
    try (TestGateway gw = TestGateway.start(kafka);
         WsClient client = WsClient.connect(gw.ingestPort(), "/ingest/attendee?token=s3cr3t-url-token")) {
      for (int i = 0; i < 6; i++) {
        byte[] webcam = TestImages.jpeg(640, 360, i);
        client.sendText(video(ALICE, "webcam", Base64.getEncoder().encodeToString(webcam), true));
        sentByKey.computeIfAbsent(BOT + ":" + ALICE + "/video", k -> new ArrayList<>()).add(webcam);

        byte[] mixed = tone(24_000, 440, i);
        client.sendText(audio(null, mixed, 24_000, T0 + i * 20L));
        sentByKey.computeIfAbsent(BOT + ":mixed/audio", k -> new ArrayList<>()).add(mixed);
        audioTimes.computeIfAbsent(BOT + ":mixed", k -> new ArrayList<>()).add(T0 + i * 20L);

        byte[] alice = tone(16_000, 220, i);
        client.sendText(audio(ALICE, alice, 16_000, T0 + i * 20L + 1));
        sentByKey.computeIfAbsent(BOT + ":" + ALICE + "/audio", k -> new ArrayList<>()).add(alice);
        audioTimes.computeIfAbsent(BOT + ":" + ALICE, k -> new ArrayList<>()).add(T0 + i * 20L + 1);

        if (i == 2) {
          // something this gateway does not understand, in the middle of the stream
          client.sendText(new JsonObject().put("trigger", "realtime_video.mixed").put("bot_id", BOT)
              .put("data", new JsonObject()).encode());
        }
        if (i % 2 == 1) {
          // a screenshare, once in the current form behind a data: prefix, once in the pre-2026 double encoding
          byte[] screen = TestImages.jpeg(1280, 720, 100 + i);
          String dataUrl = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(screen);
          String frame = i == 1 ? dataUrl
              : Base64.getEncoder().encodeToString(dataUrl.getBytes(StandardCharsets.US_ASCII));
          client.sendText(video(MEET_DEVICE, "screenshare", frame, i == 1));
          sentByKey.computeIfAbsent(BOT + ":" + MEET_DEVICE + "/video", k -> new ArrayList<>()).add(screen);
        }
      }

      try (TopicReader reader = new TopicReader(kafka, gw.topics().videoFrames(), gw.topics().audioPcm(),
          gw.topics().deadLetter(), gw.topics().events())) {
        // 6 webcam frames, 12 audio chunks, 3 screenshares, 1 dead letter, and meeting.connection.opened
        List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(6 + 12 + 3 + 1 + 1, Duration.ofSeconds(60));
        assertEquals(23, records.size());
        Map<String, List<ConsumerRecord<String, byte[]>>> byStream = new LinkedHashMap<>();
        List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
          if (r.topic().equals(gw.topics().events())) {
            events.add(r);
          } else if (r.topic().equals(gw.topics().videoFrames())) {
            byStream.computeIfAbsent(r.key() + "/video", k -> new ArrayList<>()).add(r);
          } else if (r.topic().equals(gw.topics().audioPcm())) {
            byStream.computeIfAbsent(r.key() + "/audio", k -> new ArrayList<>()).add(r);
          } else {
            deadLetters.add(r);
          }
        }
        assertEquals(sentByKey.keySet(), byStream.keySet());
        // byte-identical payloads, in send order, per key
        for (Map.Entry<String, List<byte[]>> e : sentByKey.entrySet()) {
          List<ConsumerRecord<String, byte[]>> got = byStream.get(e.getKey());
          assertEquals(e.getValue().size(), got.size(), e.getKey());
          for (int j = 0; j < got.size(); j++) {
            assertArrayEquals(e.getValue().get(j), got.get(j).value(), e.getKey() + " #" + j);
            assertEquals(Integer.toString(j), TopicReader.header(got.get(j), "ce_seq"), e.getKey() + " #" + j);
          }
        }

        ConsumerRecord<String, byte[]> frame = byStream.get(BOT + ":" + ALICE + "/video").get(0);
        assertEquals("meeting.video.frame", TopicReader.header(frame, "ce_type"));
        assertEquals("image/jpeg", TopicReader.header(frame, "content-type"));
        assertEquals("attendee", TopicReader.header(frame, "ce_vendor"));
        assertEquals(BOT, TopicReader.header(frame, "ce_botid"));
        assertEquals(ALICE, TopicReader.header(frame, "ce_participantid"));
        assertEquals("webcam", TopicReader.header(frame, "ce_videosource"));
        assertEquals("640", TopicReader.header(frame, "ce_width"));
        assertEquals("360", TopicReader.header(frame, "ce_height"));
        assertNull(TopicReader.header(frame, "ce_vendortime"), "Attendee video carries no timestamp");
        assertNull(TopicReader.header(frame, "ce_participantname"));
        assertEquals(TopicReader.header(frame, "ce_receivedat"), TopicReader.header(frame, "ce_time"),
            "the receive time is the event time");
        for (ConsumerRecord<String, byte[]> screen : byStream.get(BOT + ":" + MEET_DEVICE + "/video")) {
          assertEquals("screenshare", TopicReader.header(screen, "ce_videosource"));
          assertEquals("1280", TopicReader.header(screen, "ce_width"));
          assertEquals("720", TopicReader.header(screen, "ce_height"));
          assertEquals(MEET_DEVICE, TopicReader.header(screen, "ce_participantid"));
        }

        for (String key : List.of(BOT + ":mixed", BOT + ":" + ALICE)) {
          List<ConsumerRecord<String, byte[]>> chunks = byStream.get(key + "/audio");
          int rate = key.endsWith(":mixed") ? 24_000 : 16_000;
          for (int j = 0; j < chunks.size(); j++) {
            ConsumerRecord<String, byte[]> chunk = chunks.get(j);
            assertEquals("meeting.audio.chunk", TopicReader.header(chunk, "ce_type"));
            assertEquals("audio/pcm;rate=" + rate + ";channels=1;encoding=s16le",
                TopicReader.header(chunk, "content-type"));
            assertEquals(Integer.toString(rate), TopicReader.header(chunk, "ce_samplerate"));
            assertEquals("1", TopicReader.header(chunk, "ce_channels"));
            assertEquals("s16le", TopicReader.header(chunk, "ce_encoding"));
            assertEquals(key.substring(BOT.length() + 1), TopicReader.header(chunk, "ce_participantid"));
            String sentAt = Instant.ofEpochMilli(audioTimes.get(key).get(j)).toString();
            assertEquals(sentAt, TopicReader.header(chunk, "ce_vendortime"));
            assertEquals(sentAt, TopicReader.header(chunk, "ce_time"));
            assertNull(TopicReader.header(chunk, "ce_videosource"));
          }
        }

        assertEquals(1, events.size());
        assertEquals("meeting.connection.opened", TopicReader.header(events.get(0), "ce_type"));
        assertEquals(BOT + ":mixed", events.get(0).key(), "the session told the connection which bot this is");

        assertEquals(1, deadLetters.size());
        ConsumerRecord<String, byte[]> dead = deadLetters.get(0);
        assertEquals("unknown_message", TopicReader.header(dead, "ce_reason"));
        assertEquals(BOT + ":unknown", dead.key());

        for (ConsumerRecord<String, byte[]> r : records) {
          CloudEvent event = KafkaMessageFactory.createReader(r).toEvent();
          assertEquals(URI.create("/tenants/default/vendors/attendee/bots/" + BOT), event.getSource());
          assertNotNull(event.getTime());
          assertArrayEquals(r.value(), event.getData().toBytes());
          r.headers().forEach(h -> assertFalse(new String(h.value(), StandardCharsets.UTF_8).contains("s3cr3t"),
              "the URL secret leaked into header " + h.key()));
        }
      }
    }
  }
}
