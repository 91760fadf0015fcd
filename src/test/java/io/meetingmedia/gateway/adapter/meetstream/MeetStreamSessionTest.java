package io.meetingmedia.gateway.adapter.meetstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.adapter.golden.RecordingSessionOutput;
import io.meetingmedia.gateway.adapter.support.JsonMessages;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What golden files cannot hold: more than the 16 MiB that may be held while MeetStream has not named the bot. */
class MeetStreamSessionTest {
  private static final int MIB = 1024 * 1024;

  private static byte[] fmp4() throws Exception {
    try (InputStream in = MeetStreamSessionTest.class.getResourceAsStream(
        "/fixtures/meetstream/testsrc2-320x180-3s.mp4")) {
      return in.readAllBytes();
    }
  }

  @Test
  void holdingStopsAtTheLimitAndTheKeyThenStaysFixed() throws Exception {
    MeetStreamSession session = new MeetStreamSession();
    RecordingSessionOutput out = new RecordingSessionOutput(MeetStreamAdapter.NAME, session::botId);
    byte[] file = fmp4();
    out.next(0, 1_000);
    session.onBinary(file, out);
    long held = file.length;
    int message = 1;
    while (held <= MeetStreamSession.MAX_HELD_BYTES) {
      assertEquals(List.of(), out.envelopes(), "nothing is published while the bot is unknown and under the limit");
      out.next(message++, 1_000 + message);
      session.onBinary(new byte[MIB], out);
      held += MIB;
    }
    List<MediaEnvelope> released = out.envelopes();
    List<MediaEnvelope> chunks = released.stream().filter(e -> e.kind() == MediaKind.VIDEO_CHUNK).toList();
    assertEquals(message, chunks.size(), "every held chunk is published once the limit is passed");
    for (int i = 0; i < chunks.size(); i++) {
      assertEquals("unknown:mixed", chunks.get(i).streamKey());
      assertEquals(i, chunks.get(i).seq());
    }
    assertArrayEquals(file, chunks.get(0).payload());
    MediaEnvelope init = released.stream().filter(e -> e.kind() == MediaKind.VIDEO_INIT_SEGMENT).findFirst()
        .orElseThrow();
    assertEquals("unknown", init.botId());

    out.next(message++, 5_000);
    session.onText("{\"type\":\"video_stream_start\",\"bot_id\":\"bot-late\"}".getBytes(StandardCharsets.UTF_8), out);
    MediaEnvelope started = out.envelopes().get(out.envelopes().size() - 1);
    assertEquals("meeting.stream.started", started.type());
    assertEquals("bot-late", started.botId());
    JsonNode event = JsonMessages.MAPPER.readTree(started.payload());
    assertEquals("unknown", event.path("data").path("chunkBotId").asText(),
        "the event tells consumers where the chunks went");
    assertEquals("bot-late", session.botId());

    out.next(message, 6_000);
    session.onBinary(new byte[] {1, 2, 3}, out);
    MediaEnvelope later = out.envelopes().get(out.envelopes().size() - 1);
    assertEquals("unknown:mixed", later.streamKey(), "the stream's key does not change midway");
    assertEquals(chunks.size(), later.seq());
  }

  @Test
  void pingBotIdIsTheFallbackKeyWhenTheLimitIsPassed() throws Exception {
    MeetStreamSession session = new MeetStreamSession();
    RecordingSessionOutput out = new RecordingSessionOutput(MeetStreamAdapter.NAME, session::botId);
    out.next(0, 1_000);
    session.onText(("{\"type\":\"video_latency_ping\",\"bot_id\":\"bot-7\",\"seq\":1,\"sent_at_ms\":990}")
        .getBytes(StandardCharsets.UTF_8), out);
    assertEquals(1, out.replies().size());
    for (int i = 1; i <= 17; i++) {
      out.next(i, 1_000 + i);
      session.onBinary(new byte[MIB], out);
    }
    List<MediaEnvelope> chunks = out.envelopes().stream().filter(e -> e.kind() == MediaKind.VIDEO_CHUNK).toList();
    assertEquals(17, chunks.size());
    assertTrue(chunks.stream().allMatch(e -> e.streamKey().equals("bot-7:mixed")));
    // zeros are not an MP4 stream: one event says there is no init segment
    assertEquals(1, out.envelopes().stream().filter(e -> e.type().equals("meeting.stream.init_unavailable")).count());
  }
}
