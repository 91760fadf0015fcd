package io.meetingmedia.gateway.relay;

import static io.meetingmedia.gateway.relay.CloudEventHeadersTest.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.meetingmedia.gateway.config.TopicsConfig;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.envelope.VideoSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records of one stream share its encoded headers, and what they carry is exactly what each record says. */
class StreamHeadersTest {
  private static final TopicRouter ROUTER = new TopicRouter(new TopicsConfig("f", "h", "m", "i", "a", "e", "d"));

  private static MediaEnvelope frame(String connection, String participant, String name, long seq, Long mediaTime) {
    return new EnvelopeBuilder("acme", "recall", connection, Instant.ofEpochMilli(1_800_000_000_000L + seq))
        .botId("bot-1").participantId(participant).participantName(name).kind(MediaKind.VIDEO_FRAME)
        .source(VideoSource.WEBCAM).type("meeting.video.frame").contentType("image/png").mediaTimeMillis(mediaTime)
        .attribute("width", 16 + seq).payload(new byte[] {1}).build("id-" + seq, seq);
  }

  @Test
  void recordsOfAStreamShareItsHeadersAndCarryTheirOwnValues() {
    StreamHeaders.Cache cache = new StreamHeaders.Cache(ROUTER);
    MediaEnvelope first = frame("conn-1", "100", "Jane", 1, 40L);
    MediaEnvelope second = frame("conn-1", "100", "Jane", 2, null);
    StreamHeaders a = cache.of(first);
    StreamHeaders b = cache.of(second);

    assertSame(a, b);
    assertEquals("bot-1:100", a.key);
    // every value the cached path writes is what the uncached path writes, record by record
    assertEquals(lines(CloudEventHeaders.of(first, "bot-1:100")), lines(CloudEventHeaders.of(first, a)));
    assertEquals(lines(CloudEventHeaders.of(second, "bot-1:100")), lines(CloudEventHeaders.of(second, b)));
    List<String> secondLines = lines(CloudEventHeaders.of(second, b));
    assertEquals(true, secondLines.contains("ce_seq=2"));
    assertEquals(true, secondLines.contains("ce_width=18"));
    assertEquals(false, secondLines.stream().anyMatch(l -> l.startsWith("ce_mediatimems=")));
  }

  @Test
  void anotherParticipantNameOrConnectionIsAnotherStream() {
    StreamHeaders.Cache cache = new StreamHeaders.Cache(ROUTER);
    StreamHeaders jane = cache.of(frame("conn-1", "100", "Jane", 1, null));
    StreamHeaders renamed = cache.of(frame("conn-1", "100", "Jane D.", 2, null));
    StreamHeaders otherConnection = cache.of(frame("conn-2", "100", "Jane", 3, null));
    StreamHeaders otherParticipant = cache.of(frame("conn-1", "200", "Jane", 4, null));

    assertNotSame(jane, renamed);
    assertEquals("Jane D.", new String(renamed.participantName.value(), StandardCharsets.UTF_8));
    assertEquals("conn-2", new String(otherConnection.connectionId.value(), StandardCharsets.UTF_8));
    assertEquals("bot-1:200", otherParticipant.key);
    assertEquals("participants/200", new String(otherParticipant.subject.value(), StandardCharsets.UTF_8));
    assertEquals(4, cache.size());
  }

  @Test
  void theInitSegmentStreamIsKeyedByBotAsTheRouterSays() {
    MediaEnvelope init = new EnvelopeBuilder("acme", "meetstream", "conn-1", Instant.EPOCH).botId("bot-9")
        .kind(MediaKind.VIDEO_INIT_SEGMENT).type("meeting.video.init").contentType("video/mp4")
        .payload(new byte[] {1}).build("id-1", 0);
    assertEquals("bot-9", new StreamHeaders.Cache(ROUTER).of(init).key);
  }

  @Test
  void theCacheIsBoundedAndStartsOverWhenFull() {
    StreamHeaders.Cache cache = new StreamHeaders.Cache(ROUTER, 3);
    for (int p = 0; p < 10; p++) {
      StreamHeaders headers = cache.of(frame("conn-1", "p" + p, null, p, null));
      assertEquals("bot-1:p" + p, headers.key);
      assertEquals(true, cache.size() <= 3);
    }
    // 3 streams fill it; the 4th, 7th and 10th find it full and start over
    assertEquals(1, cache.size());
  }
}
