package io.meetingmedia.gateway.simulator.protocol;

import static io.meetingmedia.gateway.simulator.protocol.Harness.at;
import static io.meetingmedia.gateway.simulator.protocol.Harness.binary;
import static io.meetingmedia.gateway.simulator.protocol.Harness.json;
import static io.meetingmedia.gateway.simulator.protocol.Harness.keys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.simulator.engine.ConnectionScript;
import io.meetingmedia.gateway.simulator.engine.OutMessage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeetStreamAudioProtocolTest {
  private final MeetStreamAudioProtocol protocol = new MeetStreamAudioProtocol();

  @Test
  void readyThenSpeakerHeaderAnd48kPcm() {
    BotContext bot = Harness.bot("--vendor", "meetstream-audio", "--participants", "2");
    List<ConnectionScript> scripts = protocol.connections(bot);
    assertEquals(1, scripts.size());
    ConnectionScript script = scripts.get(0);
    String botId = protocol.botId("tag123", 0);
    JsonNode ready = json(script.opening(at(0)).get(0));
    assertEquals(List.of("type", "bot_id", "message"), keys(ready));
    assertEquals("ready", ready.get("type").asText());
    assertEquals(botId, ready.get("bot_id").asText());
    assertEquals("Ready to receive messages", ready.get("message").asText());
    assertTrue(script.closing(at(9)).isEmpty(), "the close itself ends the stream");
    assertEquals(100_000_000L, script.streams().get(0).periodNanos());

    OutMessage m = script.streams().get(0).factory().create(31, at(3.1));
    byte[] frame = binary(m);
    ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0x01, b.get(0), "msg_type PCM");
    int sidLength = b.getShort(1) & 0xFFFF;
    String speakerId = new String(frame, 3, sidLength, StandardCharsets.UTF_8);
    int nameLength = b.getShort(3 + sidLength) & 0xFFFF;
    String name = new String(frame, 5 + sidLength, nameLength, StandardCharsets.UTF_8);
    assertEquals(MeetStreamAudioProtocol.speakerId(botId, 1), speakerId, "the second speaker at 3.1 s");
    assertEquals("Zoë Kim", name);
    assertEquals(8, nameLength, "the length counts UTF-8 bytes, not characters");
    int pcm = frame.length - 5 - sidLength - nameLength;
    assertEquals(9600, pcm, "100 ms of 48 kHz mono s16le");
    assertEquals(MediaKind.AUDIO_CHUNK, m.kind());
    assertEquals(speakerId, m.participantId());
    assertEquals(pcm, m.mediaBytes());
  }
}
