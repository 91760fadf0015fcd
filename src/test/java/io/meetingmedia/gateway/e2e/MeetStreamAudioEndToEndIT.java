package io.meetingmedia.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** MeetStream live audio from a real WebSocket client: speaker-keyed PCM records, byte for byte. */
@WithKafka
class MeetStreamAudioEndToEndIT {
  private static final String BOT = "bot_audio_e2e";
  private static final String CONTENT_TYPE = "audio/pcm;rate=48000;channels=1;encoding=s16le";

  /** 48 kHz mono s16le sine. */
  static byte[] pcm(int millis, double hz) {
    int samples = 48 * millis;
    ByteBuffer b = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples; i++) {
      b.putShort((short) (Math.sin(2 * Math.PI * hz * i / 48_000.0) * 12_000));
    }
    return b.array();
  }

  /** u8 0x01, u16le sid_length, speaker_id, u16le sname_length, speaker_name, PCM. */
  static byte[] frame(String speakerId, String speakerName, byte[] pcm) {
    byte[] id = speakerId.getBytes(StandardCharsets.UTF_8);
    byte[] name = speakerName.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(5 + id.length + name.length + pcm.length).order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0x01).putShort((short) id.length).put(id).putShort((short) name.length).put(name).put(pcm)
        .array();
  }

  @Test
  void speakersBecomeKeysAndPcmArrivesByteIdentical(KafkaCluster kafka) throws Exception {
    byte[] a1 = pcm(20, 440);
    byte[] b1 = pcm(20, 660);
    byte[] none = pcm(20, 0);
    byte[] a2 = pcm(2_000, 220);
    try (TestGateway gw = TestGateway.start(kafka);
         WsClient bot = WsClient.connect(gw.ingestPort(), "/ingest/meetstream-audio?token=x")) {
      bot.sendBinary(frame("user_abc123", "Borgir Varshanraman", a1));
      bot.sendText("{\"type\":\"ready\",\"bot_id\":\"" + BOT + "\",\"message\":\"Ready to receive messages\"}");
      bot.sendBinary(frame("user_abc123", "Borgir Varshanraman", a1));
      bot.sendBinary(frame("user_def456", "Zoë Müller", b1));
      bot.sendBinary(frame("", "NoSpeaker", none));
      bot.sendFragmented(false, frame("user_abc123", "Borgir Varshanraman", a2), 32 * 1024);

      try (TopicReader reader = new TopicReader(kafka, gw.topics().audioPcm())) {
        List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(4, Duration.ofSeconds(30));
        assertEquals(4, records.size());
        List<ConsumerRecord<String, byte[]>> borgir = records.stream()
            .filter(r -> r.key().equals(BOT + ":user_abc123")).toList();
        assertEquals(2, borgir.size());
        assertArrayEquals(a1, borgir.get(0).value());
        assertArrayEquals(a2, borgir.get(1).value(), "a 2 s frame sent in fragments");
        assertEquals("0", TopicReader.header(borgir.get(0), "ce_seq"));
        assertEquals("1", TopicReader.header(borgir.get(1), "ce_seq"));
        assertEquals("Borgir Varshanraman", TopicReader.header(borgir.get(0), "ce_participantname"));

        ConsumerRecord<String, byte[]> zoe = records.stream().filter(r -> r.key().equals(BOT + ":user_def456"))
            .findFirst().orElseThrow();
        assertArrayEquals(b1, zoe.value());
        assertEquals("Zoë Müller", TopicReader.header(zoe, "ce_participantname"));

        ConsumerRecord<String, byte[]> unattributed = records.stream()
            .filter(r -> r.key().equals(BOT + ":unattributed")).findFirst().orElseThrow();
        assertArrayEquals(none, unattributed.value());
        assertNull(TopicReader.header(unattributed, "ce_participantname"), "NoSpeaker is not a name");

        for (ConsumerRecord<String, byte[]> r : records) {
          assertEquals(CONTENT_TYPE, TopicReader.header(r, "content-type"));
          assertEquals("meeting.audio.chunk", TopicReader.header(r, "ce_type"));
          assertEquals("48000", TopicReader.header(r, "ce_samplerate"));
          assertEquals("1", TopicReader.header(r, "ce_channels"));
          assertEquals("s16le", TopicReader.header(r, "ce_encoding"));
          assertEquals("meetstream-audio", TopicReader.header(r, "ce_vendor"));
          assertEquals(BOT, TopicReader.header(r, "ce_botid"));
        }
      }
      try (TopicReader deadLetters = new TopicReader(kafka, gw.topics().deadLetter())) {
        ConsumerRecord<String, byte[]> dead = deadLetters.readAtLeast(1, Duration.ofSeconds(30)).get(0);
        assertEquals("missing_hello", TopicReader.header(dead, "ce_reason"));
      }
    }
  }
}
