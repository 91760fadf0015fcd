package io.meetingmedia.gateway.simulator.protocol;

import static io.meetingmedia.gateway.simulator.protocol.Harness.at;
import static io.meetingmedia.gateway.simulator.protocol.Harness.binary;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.simulator.Simulator;
import io.meetingmedia.gateway.simulator.SimulatorOptions;
import io.meetingmedia.gateway.simulator.engine.ConnectionScript;
import io.meetingmedia.gateway.simulator.engine.OutMessage;
import io.meetingmedia.gateway.simulator.media.FrameStamp;
import io.meetingmedia.gateway.adapter.media.MediaSniffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RecallLegacyProtocolTest {
  private final RecallLegacyProtocol protocol = new RecallLegacyProtocol();

  @Test
  void oneConnectionPerStreamWithHelloThenLittleEndianHeaderAndPng() {
    BotContext bot = Harness.bot("--vendor", "recall-legacy", "--participants", "2", "--screenshare");
    List<ConnectionScript> scripts = protocol.connections(bot);
    assertEquals(3, scripts.size(), "two cameras and one screenshare, each its own socket");
    String botId = protocol.botId("tag123", 0);
    for (ConnectionScript script : scripts) {
      List<OutMessage> hello = script.opening(at(0));
      assertEquals(1, hello.size());
      assertTrue(hello.get(0).text());
      assertEquals("{\"protocol_version\": 1, \"bot_id\": \"" + botId + "\"}",
          new String(Harness.bytes(hello.get(0)), StandardCharsets.UTF_8));
      assertEquals(1, script.streams().size());
    }
    OutMessage m = scripts.get(1).streams().get(0).factory().create(5, at(2.75));
    byte[] bytes = binary(m);
    ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(101, header.getInt(0) & 0xFFFFFFFFL, "u32le participant id");
    assertEquals(2750, header.getInt(4) & 0xFFFFFFFFL, "u32le ms since the stream started");
    assertEquals(101, bytes[0], "little-endian: the low byte first");
    byte[] png = Arrays.copyOfRange(bytes, RecallLegacyProtocol.HEADER_BYTES, bytes.length);
    assertTrue(MediaSniffer.isPng(png));
    assertEquals(MediaKind.VIDEO_FRAME, m.kind());
    assertEquals("101", m.participantId());
    assertEquals("", m.source(), "the protocol carries no source");
    assertEquals(png.length, m.mediaBytes());
    byte[] screen = binary(scripts.get(2).streams().get(0).factory().create(0, at(0)));
    assertEquals(100, ByteBuffer.wrap(screen).order(ByteOrder.LITTLE_ENDIAN).getInt(0), "the sharer's id");
  }

  @Test
  void connectionsPerBotSetsTheNumberOfStreams() {
    List<ConnectionScript> scripts = protocol.connections(Harness.bot("--vendor", "recall-legacy",
        "--connections-per-bot", "4", "--stamp"));
    assertEquals(4, scripts.size());
    byte[] last = binary(scripts.get(3).streams().get(0).factory().create(0, at(1)));
    assertEquals(103, ByteBuffer.wrap(last).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
    byte[] png = Arrays.copyOfRange(last, 8, last.length);
    assertEquals(OptionalLong.of(Harness.T0 + 1_000_000), FrameStamp.read(png));
    assertArrayEquals(new int[] {640, 360}, MediaSniffer.pngSize(png));
    assertThrows(IllegalArgumentException.class, () -> new Simulator(SimulatorOptions.parse(new String[] {
        "--vendor", "recall-legacy", "--participants", "2", "--connections-per-bot", "3"}), System.out));
  }
}
