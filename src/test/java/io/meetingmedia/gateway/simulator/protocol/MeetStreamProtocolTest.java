package io.meetingmedia.gateway.simulator.protocol;

import static io.meetingmedia.gateway.simulator.protocol.Harness.at;
import static io.meetingmedia.gateway.simulator.protocol.Harness.binary;
import static io.meetingmedia.gateway.simulator.protocol.Harness.json;
import static io.meetingmedia.gateway.simulator.protocol.Harness.keys;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.simulator.engine.ConnectionScript;
import io.meetingmedia.gateway.simulator.engine.OutMessage;
import io.meetingmedia.gateway.simulator.engine.PongLedger;
import io.meetingmedia.gateway.simulator.engine.StreamSpec;
import io.meetingmedia.gateway.simulator.media.Fmp4Fixture;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeetStreamProtocolTest {
  private final MeetStreamProtocol protocol = new MeetStreamProtocol();

  @Test
  void streamStartDescribesTheFixture() {
    List<ConnectionScript> scripts = protocol.connections(Harness.bot("--vendor", "meetstream", "--bots", "3"));
    assertEquals(1, scripts.size(), "one socket per bot");
    List<OutMessage> opening = scripts.get(0).opening(at(0));
    assertEquals(1, opening.size());
    JsonNode start = json(opening.get(0));
    assertEquals(List.of("type", "bot_id", "codec", "audio_codec", "container", "width", "height", "framerate",
        "audio_sample_rate", "audio_bitrate"), keys(start));
    assertEquals("video_stream_start", start.get("type").asText());
    assertEquals(protocol.botId("tag123", 0), start.get("bot_id").asText());
    assertEquals("h264", start.get("codec").asText());
    assertEquals("aac", start.get("audio_codec").asText());
    assertEquals("fmp4", start.get("container").asText());
    assertEquals(320, start.get("width").intValue());
    assertEquals(180, start.get("height").intValue());
    assertEquals(10, start.get("framerate").intValue());
    assertEquals(44100, start.get("audio_sample_rate").intValue());
    assertTrue(start.get("audio_bitrate").isTextual(), "audio_bitrate is a string");
    assertEquals(null, opening.get(0).kind(), "control messages stay out of the send log");
  }

  @Test
  void chunksAreTheFmp4StreamInOrderCutAnywhere() throws Exception {
    BotContext bot = Harness.bot("--vendor", "meetstream", "--chunk-bytes", "5000");
    ConnectionScript script = protocol.connections(bot).get(0);
    StreamSpec chunks = script.streams().get(0);
    assertEquals(250_000_000L, chunks.periodNanos(), "4 chunks per second by default");
    assertTrue(chunks.primary());
    Fmp4Fixture fixture = bot.media().fmp4();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    for (int i = 0; i < 60; i++) {
      OutMessage m = chunks.factory().create(i, at(i * 0.25));
      byte[] chunk = binary(m);
      assertEquals(MediaKind.VIDEO_CHUNK, m.kind());
      assertEquals("mixed", m.participantId(), "the gateway keys the stream <bot>:mixed");
      assertEquals(chunk.length, m.mediaBytes());
      if (i == 0) {
        assertEquals(fixture.init().length / 2, chunk.length, "the first chunk ends inside moov");
      } else {
        assertTrue(chunk.length >= 3000 && chunk.length <= 7000, "chunk " + i + " is " + chunk.length);
      }
      received.write(chunk);
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(fixture.init());
    for (int f = 0; expected.size() < received.size(); f++) {
      expected.write(fixture.fragment(f));
    }
    assertArrayEquals(Arrays.copyOf(expected.toByteArray(), received.size()), received.toByteArray());
  }

  @Test
  void pingsExpectPongsThatEchoThem() {
    BotContext bot = Harness.bot("--vendor", "meetstream", "--ping-seconds", "2", "--pong-timeout-ms", "1000");
    ConnectionScript script = protocol.connections(bot).get(0);
    String botId = protocol.botId("tag123", 0);
    StreamSpec pings = script.streams().get(1);
    assertEquals(2_000_000_000L, pings.periodNanos());
    assertEquals(2_000_000_000L, pings.phaseNanos(), "the first ping after one interval");
    OutMessage ping = pings.factory().create(0, at(2));
    JsonNode p = json(ping);
    assertEquals(List.of("type", "bot_id", "seq", "sent_at_ms"), keys(p));
    assertEquals("video_latency_ping", p.get("type").asText());
    assertEquals(botId, p.get("bot_id").asText());
    assertEquals(1, p.get("seq").longValue());
    long sentAt = (Harness.T0 + 2_000_000) / 1000;
    assertEquals(sentAt, p.get("sent_at_ms").longValue());
    PongLedger ledger = script.pongs();
    assertEquals(1, ledger.pendingCount());

    script.onText("{\"type\":\"video_latency_pong\",\"seq\":1,\"sent_at_ms\":" + (sentAt + 1)
        + ",\"server_received_at_ms\":5,\"bot_id\":\"" + botId + "\"}", System.nanoTime());
    assertEquals(1, ledger.bad(), "a pong must echo sent_at_ms");
    script.onText("not json", System.nanoTime());
    assertEquals(2, ledger.bad());
    script.onText("{\"type\":\"video_latency_pong\",\"seq\":1,\"sent_at_ms\":" + sentAt
        + ",\"server_received_at_ms\":5}", System.nanoTime());
    assertEquals(3, ledger.bad(), "a pong must carry bot_id");
    assertEquals(1, ledger.pendingCount());
    script.onText("{\"type\":\"video_latency_pong\",\"seq\":1,\"sent_at_ms\":" + sentAt
        + ",\"server_received_at_ms\":" + (sentAt + 3) + ",\"bot_id\":\"" + botId + "\"}", System.nanoTime());
    assertEquals(1, ledger.ok());
    assertEquals(0, ledger.pendingCount());

    pings.factory().create(1, at(4));
    pings.factory().create(2, at(6));
    ledger.closeOut();
    assertEquals(2, ledger.missing());
    assertEquals(3, ledger.sent());
  }

  @Test
  void streamEndsBeforeTheClose() {
    ConnectionScript script = protocol.connections(Harness.bot("--vendor", "meetstream")).get(0);
    List<OutMessage> closing = script.closing(at(152.73));
    assertEquals(1, closing.size());
    JsonNode end = json(closing.get(0));
    assertEquals(List.of("type", "bot_id", "duration_seconds"), keys(end));
    assertEquals("video_stream_end", end.get("type").asText());
    assertEquals(152.7, end.get("duration_seconds").doubleValue(), 1e-9);
  }
}
