package io.meetingmedia.gateway.simulator.protocol;

import static io.meetingmedia.gateway.simulator.protocol.Harness.at;
import static io.meetingmedia.gateway.simulator.protocol.Harness.base64;
import static io.meetingmedia.gateway.simulator.protocol.Harness.json;
import static io.meetingmedia.gateway.simulator.protocol.Harness.keys;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.meetingmedia.gateway.adapter.media.MediaSniffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AttendeeProtocolTest {
  private final AttendeeProtocol protocol = new AttendeeProtocol();

  @Test
  void videoIsPerParticipantJpegWithoutTimestamp() {
    BotContext bot = Harness.bot("--vendor", "attendee", "--participants", "2", "--screenshare");
    ConnectionScript script = protocol.connections(bot).get(0);
    String botId = protocol.botId("tag123", 0);
    assertTrue(botId.startsWith("bot_"));
    assertTrue(script.opening(at(0)).isEmpty() && script.closing(at(5)).isEmpty(), "no hello, no end message");
    assertEquals(3, script.streams().size());
    OutMessage m = script.streams().get(1).factory().create(0, at(0.5));
    JsonNode root = json(m);
    assertEquals(List.of("trigger", "bot_id", "data"), keys(root));
    assertEquals("realtime_video.per_participant", root.get("trigger").asText());
    assertEquals(botId, root.get("bot_id").asText());
    JsonNode data = root.get("data");
    assertEquals(List.of("frame", "format", "participant_uuid", "source"), keys(data));
    assertFalse(data.get("frame").asText().startsWith("data:"), "no data: prefix");
    byte[] jpeg = base64(data.get("frame"));
    assertTrue(MediaSniffer.isJpeg(jpeg));
    assertArrayEquals(new int[] {640, 360}, MediaSniffer.jpegSize(jpeg));
    assertEquals("jpeg", data.get("format").asText());
    assertEquals("screenshare", data.get("source").asText());
    assertTrue(data.get("participant_uuid").isTextual());
    assertEquals(AttendeeProtocol.participantUuid(botId, 0), data.get("participant_uuid").asText());
    assertEquals(MediaKind.VIDEO_FRAME, m.kind());
    assertEquals(data.get("participant_uuid").asText(), m.participantId());
    assertEquals("screenshare", m.source());
    assertEquals(jpeg.length, m.mediaBytes());
  }

  @Test
  void frameRateFollowsAttendeesResolutionTable() {
    assertEquals(500_000_000L, protocol.connections(Harness.bot("--vendor", "attendee")).get(0).streams().get(0)
        .periodNanos(), "360p at 2 fps");
    BotContext hd = Harness.bot("--vendor", "attendee", "--size", "720p", "--participants", "1");
    StreamSpec video = protocol.connections(hd).get(0).streams().get(0);
    assertEquals(1_000_000_000L, video.periodNanos(), "720p at 1 fps");
    byte[] jpeg = base64(json(video.factory().create(0, at(0))).get("data").get("frame"));
    assertArrayEquals(new int[] {1280, 720}, MediaSniffer.jpegSize(jpeg));
  }

  @Test
  void audioSharesTheSocket() {
    BotContext bot = Harness.bot("--vendor", "attendee", "--participants", "2", "--audio");
    ConnectionScript script = protocol.connections(bot).get(0);
    assertEquals(List.of("realtime_audio.mixed", "realtime_audio.per_participant"), script.streams().stream()
        .map(StreamSpec::name).filter(n -> n.startsWith("realtime_audio")).collect(Collectors.toList()));
    StreamSpec mixed = script.streams().get(2);
    OutMessage m = mixed.factory().create(0, at(1));
    JsonNode root = json(m);
    assertEquals(List.of("trigger", "bot_id", "data"), keys(root));
    assertEquals(List.of("chunk", "timestamp_ms", "sample_rate"), keys(root.get("data")));
    assertEquals((Harness.T0 + 1_000_000) / 1000, root.get("data").get("timestamp_ms").longValue(),
        "wall-clock send time");
    assertEquals(16000, root.get("data").get("sample_rate").intValue());
    assertEquals(3200, base64(root.get("data").get("chunk")).length, "100 ms of 16 kHz PCM16");
    assertEquals(MediaKind.AUDIO_CHUNK, m.kind());
    assertEquals("mixed", m.participantId());

    JsonNode pp = json(script.streams().get(3).factory().create(0, at(4)));
    assertEquals("realtime_audio.per_participant", pp.get("trigger").asText());
    assertEquals(List.of("chunk", "timestamp_ms", "sample_rate", "participant_uuid"), keys(pp.get("data")));
    assertEquals(AttendeeProtocol.participantUuid(protocol.botId("tag123", 0), 1),
        pp.get("data").get("participant_uuid").asText(), "the second participant speaks at 4 s");
  }

  @Test
  void stampedJpegCarriesTheSendTime() {
    BotContext bot = Harness.bot("--vendor", "attendee", "--participants", "1", "--stamp");
    OutMessage m = protocol.connections(bot).get(0).streams().get(0).factory().create(1, at(0.5));
    byte[] jpeg = base64(json(m).get("data").get("frame"));
    assertEquals(OptionalLong.of(Harness.T0 + 500_000), FrameStamp.read(jpeg));
    assertTrue(MediaSniffer.isJpeg(jpeg));
  }

  @Test
  void eventsAreWebhooksOnly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Simulator(
        SimulatorOptions.parse(new String[] {"--vendor", "attendee", "--events"}), System.out));
    assertTrue(e.getMessage().contains("--events"), e.getMessage());
  }
}
