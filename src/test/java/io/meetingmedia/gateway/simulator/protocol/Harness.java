package io.meetingmedia.gateway.simulator.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meetingmedia.gateway.simulator.SimulatorOptions;
import io.meetingmedia.gateway.simulator.engine.OutMessage;
import io.meetingmedia.gateway.simulator.engine.SendContext;
import io.meetingmedia.gateway.simulator.engine.SimStats;
import io.meetingmedia.gateway.simulator.media.MediaLibrary;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Builds protocol scripts from a command line and reads their messages back as a gateway would. */
final class Harness {
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** A fixed send time: 2026-10-26T... in epoch microseconds. */
  static final long T0 = 1_793_000_000_000_000L;

  private Harness() {
  }

  static BotContext bot(String... args) {
    SimulatorOptions o = SimulatorOptions.parse(args);
    return new BotContext(0, "tag123", o, new MediaLibrary(o.size(), o.content(), 2, o.stamp()), new SimStats());
  }

  static SendContext at(double relativeSeconds) {
    return new SendContext(T0 + (long) (relativeSeconds * 1_000_000), relativeSeconds);
  }

  static byte[] bytes(OutMessage m) {
    return ByteBufUtil.getBytes(m.payload());
  }

  static JsonNode json(OutMessage m) {
    assertTrue(m.text(), "a text message");
    try {
      return MAPPER.readTree(bytes(m));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] binary(OutMessage m) {
    assertFalse(m.text(), "a binary message");
    return bytes(m);
  }

  /** @return the field names in the order they appear on the wire */
  static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  static byte[] base64(JsonNode text) {
    assertTrue(text.isTextual(), "a base64 string");
    return Base64.getDecoder().decode(text.asText());
  }
}
