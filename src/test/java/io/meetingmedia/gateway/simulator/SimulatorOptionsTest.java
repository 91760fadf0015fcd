package io.meetingmedia.gateway.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.simulator.media.Content;
import io.meetingmedia.gateway.simulator.media.FrameSize;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

  private static SimulatorOptions parse(String... args) {
    return SimulatorOptions.parse(args);
  }

  @Test
  void defaultsAndBothValueForms() {
    SimulatorOptions o = parse("--vendor", "Recall");
    assertEquals("recall", o.vendor());
    assertEquals(1, o.bots());
    assertEquals(2, o.participants());
    assertEquals(10, o.seconds());
    assertEquals(0, o.frames());
    assertNull(o.fps());
    assertEquals(FrameSize.P360, o.size());
    assertEquals(Content.SMOOTH, o.content());
    assertEquals("ws://localhost:8080/ingest/recall", o.endpoint("recall").toString());

    o = parse("--vendor=attendee", "--bots=3", "--fps", "1.5", "--frames", "7", "--size", "1080p", "--content",
        "noisy", "--screenshare", "--audio", "--send-log", "out/log.csv", "--quiet");
    assertEquals(3, o.bots());
    assertEquals(1.5, o.fps());
    assertEquals(7, o.frames());
    assertEquals(FrameSize.P1080, o.size());
    assertEquals(Content.NOISY, o.content());
    assertTrue(o.screenshare() && o.audio() && o.quiet());
    assertEquals(Path.of("out/log.csv"), o.sendLog());
    assertEquals(Set.of("vendor", "bots", "fps", "frames", "size", "content", "screenshare", "audio", "send-log",
        "quiet"), o.given());
  }

  @Test
  void urlFromGatewayAndToken() {
    assertEquals("wss://gw.example.com/ingest/meetstream?token=a+b%26c",
        parse("--vendor", "meetstream", "--gateway", "https://gw.example.com/", "--token", "a b&c")
            .endpoint("meetstream").toString());
    assertEquals("ws://10.0.0.1:9000/ingest/recall-legacy",
        parse("--vendor", "recall-legacy", "--gateway", "http://10.0.0.1:9000").endpoint("recall-legacy")
            .toString());
    assertEquals("ws://h:1/x?y=1&token=t", parse("--vendor", "recall", "--url", "ws://h:1/x?y=1", "--token", "t")
        .endpoint("recall").toString());
    assertThrows(IllegalArgumentException.class, () -> parse("--vendor", "recall", "--url", "http2://h/x")
        .endpoint("recall"));
  }

  @Test
  void refusesMistakesWithAMessage() {
    assertMessage("--vendor is required", () -> parse("--bots", "2"));
    assertMessage("unknown option --colour", () -> parse("--vendor", "recall", "--colour", "red"));
    assertMessage("--bots needs a number", () -> parse("--vendor", "recall", "--bots", "many"));
    assertMessage("--seconds or --frames", () -> parse("--vendor", "recall", "--seconds", "3", "--frames", "4"));
    assertMessage("--fps needs a value", () -> parse("--vendor", "recall", "--fps"));
    assertMessage("--audio takes no value", () -> parse("--vendor", "recall", "--audio=yes"));
    assertMessage("size must be", () -> parse("--vendor", "recall", "--size", "4k"));
    assertMessage("--participants must be at least 1", () -> parse("--vendor", "recall", "--participants", "0"));
    assertMessage("unknown vendor 'zoom'", () -> new Simulator(parse("--vendor", "zoom"), System.out));
    assertMessage("--size does not apply to meetstream",
        () -> new Simulator(parse("--vendor", "meetstream", "--size", "720p"), System.out));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void commandLineExitCodes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(0, SimulatorMain.execute(new String[] {"--help"}, o, e));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--send-log FILE"));
    assertEquals(2, SimulatorMain.execute(new String[] {"--vendor", "recall", "--nope"}, o, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --nope"));
  }
}
