package io.meetingmedia.gateway.simulator.protocol;

import static io.meetingmedia.gateway.simulator.protocol.Harness.at;
import static io.meetingmedia.gateway.simulator.protocol.Harness.base64;
import static io.meetingmedia.gateway.simulator.protocol.Harness.json;
import static io.meetingmedia.gateway.simulator.protocol.Harness.keys;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.simulator.Simulator;
import io.meetingmedia.gateway.simulator.SimulatorOptions;
import io.meetingmedia.gateway.simulator.engine.ConnectionScript;
import io.meetingmedia.gateway.simulator.engine.OutMessage;
import io.meetingmedia.gateway.simulator.engine.StreamSpec;
import io.meetingmedia.gateway.simulator.media.FrameStamp;
import io.meetingmedia.gateway.simulator.media.H264AccessUnits;
import io.meetingmedia.gateway.adapter.media.MediaSniffer;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RecallProtocolTest {
  private final RecallProtocol protocol = new RecallProtocol();

  private static StreamSpec stream(ConnectionScript script, String name) {
    return script.streams().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private static void assertResource(JsonNode node, String id) {
    assertEquals(List.of("id", "metadata"), keys(node));
    if (id != null) {
      assertEquals(id, node.get("id").asText());
    }
    assertTrue(node.get("metadata").isObject() && node.get("metadata").isEmpty());
  }

  @Test
  void pngFrameHasRecallsExactNestedShape() {
    BotContext bot = Harness.bot("--vendor", "recall", "--participants", "2", "--screenshare");
    List<ConnectionScript> scripts = protocol.connections(bot);
    assertEquals(1, scripts.size());
    ConnectionScript script = scripts.get(0);
    String botId = protocol.botId("tag123", 0);
    assertEquals(botId, script.botId());
    assertEquals(List.of("webcam 100", "screenshare 100", "webcam 101"),
        script.streams().stream().map(StreamSpec::name).collect(Collectors.toList()));
    assertEquals(500_000_000L, script.streams().get(0).periodNanos(), "2 fps by default");
    assertTrue(script.opening(at(0)).isEmpty(), "Recall sends no hello");

    OutMessage m = stream(script, "screenshare 100").factory().create(3, at(1.5));
    JsonNode root = json(m);
    assertEquals(List.of("event", "data"), keys(root));
    assertEquals("video_separate_png.data", root.get("event").asText());
    JsonNode data = root.get("data");
    assertEquals(List.of("data", "realtime_endpoint", "video_separate", "recording", "bot"), keys(data));
    JsonNode inner = data.get("data");
    assertEquals(List.of("buffer", "timestamp", "type", "participant"), keys(inner));
    byte[] png = base64(inner.get("buffer"));
    assertTrue(MediaSniffer.isPng(png));
    assertArrayEquals(new int[] {640, 360}, MediaSniffer.pngSize(png));
    assertEquals(List.of("relative", "absolute"), keys(inner.get("timestamp")));
    assertEquals(1.5, inner.get("timestamp").get("relative").doubleValue(), 1e-9);
    assertEquals(Instant.ofEpochSecond(0, (Harness.T0 + 1_500_000) * 1000),
        Instant.parse(inner.get("timestamp").get("absolute").asText()));
    assertEquals("screenshare", inner.get("type").asText());
    JsonNode participant = inner.get("participant");
    assertEquals(List.of("id", "name", "is_host", "platform", "extra_data", "email"), keys(participant));
    assertTrue(participant.get("id").isInt(), "participant.id is a number");
    assertEquals(100, participant.get("id").intValue());
    assertEquals("Jane Doe", participant.get("name").asText());
    assertTrue(participant.get("is_host").booleanValue());
    assertTrue(participant.get("email").isNull());
    assertResource(data.get("realtime_endpoint"), null);
    assertResource(data.get("video_separate"), null);
    assertResource(data.get("recording"), null);
    assertResource(data.get("bot"), botId);

    assertEquals(MediaKind.VIDEO_FRAME, m.kind());
    assertEquals("100", m.participantId());
    assertEquals("screenshare", m.source());
    assertEquals(png.length, m.mediaBytes());

    JsonNode second = json(stream(script, "webcam 101").factory().create(0, at(0.25)));
    JsonNode p2 = second.get("data").get("data").get("participant");
    assertEquals(101, p2.get("id").intValue());
    assertEquals("Zoë Kim", p2.get("name").asText(), "UTF-8 names survive");
    assertEquals("webcam", second.get("data").get("data").get("type").asText());
    assertNotEquals(base64(inner.get("buffer")).length,
        base64(json(stream(script, "screenshare 100").factory().create(4, at(2))).get("data").get("data")
            .get("buffer")).length, "frames vary");
  }

  @Test
  void h264CarriesAnnexBAccessUnitsInOrder() {
    BotContext bot = Harness.bot("--vendor", "recall", "--video", "h264", "--participants", "1");
    ConnectionScript script = protocol.connections(bot).get(0);
    StreamSpec webcam = script.streams().get(0);
    assertEquals(100_000_000L, webcam.periodNanos(), "the fixture's 10 fps by default");
    H264AccessUnits units = bot.media().h264();
    for (int i = 0; i < 12; i++) {
      OutMessage m = webcam.factory().create(i, at(i / 10.0));
      JsonNode root = json(m);
      assertEquals("video_separate_h264.data", root.get("event").asText());
      assertEquals(List.of("data", "realtime_endpoint", "video_separate", "recording", "bot"),
          keys(root.get("data")));
      byte[] unit = base64(root.get("data").get("data").get("buffer"));
      assertArrayEquals(units.unit(i), unit);
      assertEquals(i % 10 == 0, MediaSniffer.isH264Keyframe(unit));
      assertEquals(MediaKind.VIDEO_CHUNK, m.kind());
      assertEquals(unit.length, m.mediaBytes());
    }
  }

  @Test
  void audioChunksAreMixedAndPerSpeaker() {
    BotContext bot = Harness.bot("--vendor", "recall", "--participants", "3", "--audio", "--audio-ms", "50");
    ConnectionScript script = protocol.connections(bot).get(0);
    OutMessage mixed = stream(script, "audio mixed").factory().create(0, at(0.05));
    JsonNode root = json(mixed);
    assertEquals("audio_mixed_raw.data", root.get("event").asText());
    assertEquals(List.of("data", "realtime_endpoint", "audio_mixed", "recording", "bot"), keys(root.get("data")));
    assertEquals(List.of("buffer", "timestamp"), keys(root.get("data").get("data")));
    assertEquals(1600, base64(root.get("data").get("data").get("buffer")).length, "50 ms of 16 kHz S16LE");
    assertEquals(MediaKind.AUDIO_CHUNK, mixed.kind());
    assertEquals("mixed", mixed.participantId(), "the gateway keys mixed audio <bot>:mixed");
    assertEquals(50_000_000L, stream(script, "audio mixed").periodNanos());

    OutMessage separate = stream(script, "audio separate").factory().create(70, at(3.5));
    JsonNode sep = json(separate);
    assertEquals("audio_separate_raw.data", sep.get("event").asText());
    assertEquals(List.of("data", "realtime_endpoint", "audio_separate", "recording", "bot"), keys(sep.get("data")));
    assertEquals(List.of("buffer", "timestamp", "participant"), keys(sep.get("data").get("data")));
    assertEquals(101, sep.get("data").get("data").get("participant").get("id").intValue(), "second speaker at 3.5 s");
    assertEquals("101", separate.participantId());
  }

  @Test
  void eventsJoinTranscribeAndLeave() {
    BotContext bot = Harness.bot("--vendor", "recall", "--participants", "2", "--events");
    ConnectionScript script = protocol.connections(bot).get(0);
    List<OutMessage> joins = script.opening(at(0));
    assertEquals(2, joins.size());
    JsonNode join = json(joins.get(1));
    assertEquals("participant_events.join", join.get("event").asText());
    assertEquals(List.of("data", "realtime_endpoint", "participant_events", "recording", "bot"),
        keys(join.get("data")));
    JsonNode inner = join.get("data").get("data");
    assertEquals(List.of("participant", "timestamp", "data"), keys(inner));
    assertEquals(List.of("absolute", "relative"), keys(inner.get("timestamp")));
    assertTrue(inner.get("data").isNull());
    assertEquals(101, inner.get("participant").get("id").intValue());
    assertEquals(MediaKind.EVENT, joins.get(1).kind());
    assertEquals("101", joins.get(1).participantId());

    StreamSpec transcripts = stream(script, "transcript");
    assertEquals(1_500_000_000L, transcripts.phaseNanos());
    JsonNode t = json(transcripts.factory().create(1, at(4.5)));
    assertEquals("transcript.data", t.get("event").asText());
    assertEquals(List.of("data", "realtime_endpoint", "transcript", "recording", "bot"), keys(t.get("data")));
    JsonNode words = t.get("data").get("data").get("words");
    assertEquals(4, words.size());
    assertEquals(List.of("text", "start_timestamp", "end_timestamp"), keys(words.get(0)));
    assertEquals(List.of("relative"), keys(words.get(0).get("start_timestamp")));
    assertTrue(words.get(3).get("end_timestamp").isNull(), "end_timestamp may be null");

    List<OutMessage> leaves = script.closing(at(9));
    assertEquals(2, leaves.size());
    assertEquals("participant_events.leave", json(leaves.get(0)).get("event").asText());
  }

  @Test
  void severalConnectionsAreSeveralEndpoints() {
    BotContext bot = Harness.bot("--vendor", "recall", "--participants", "3", "--connections-per-bot", "2",
        "--events");
    List<ConnectionScript> scripts = protocol.connections(bot);
    assertEquals(2, scripts.size());
    assertEquals(List.of("webcam 100", "webcam 102", "transcript"),
        scripts.get(0).streams().stream().map(StreamSpec::name).collect(Collectors.toList()));
    assertEquals(List.of("webcam 101"),
        scripts.get(1).streams().stream().map(StreamSpec::name).collect(Collectors.toList()));
    String endpoint0 = json(scripts.get(0).streams().get(0).factory().create(0, at(0))).get("data")
        .get("realtime_endpoint").get("id").asText();
    String endpoint1 = json(scripts.get(1).streams().get(0).factory().create(0, at(0))).get("data")
        .get("realtime_endpoint").get("id").asText();
    assertNotEquals(endpoint0, endpoint1);
    assertEquals(3, scripts.get(0).opening(at(0)).size(), "events on the first endpoint");
    assertTrue(scripts.get(1).opening(at(0)).isEmpty());
  }

  @Test
  void stampedPngCarriesTheSendTime() {
    BotContext bot = Harness.bot("--vendor", "recall", "--participants", "1", "--stamp");
    OutMessage m = protocol.connections(bot).get(0).streams().get(0).factory().create(0, at(2));
    byte[] png = base64(json(m).get("data").get("data").get("buffer"));
    assertEquals(OptionalLong.of(Harness.T0 + 2_000_000), FrameStamp.read(png));
    assertEquals(png.length, m.mediaBytes());
  }

  @Test
  void refusesWhatRecallCannotSend() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Simulator(
        SimulatorOptions.parse(new String[] {"--vendor", "recall", "--video", "h264", "--stamp"}), System.out));
    assertTrue(e.getMessage().contains("--stamp"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Simulator(
        SimulatorOptions.parse(new String[] {"--vendor", "recall", "--ping-seconds", "3"}), System.out));
  }
}
