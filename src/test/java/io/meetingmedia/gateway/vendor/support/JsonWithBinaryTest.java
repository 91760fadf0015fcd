package io.meetingmedia.gateway.vendor.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.vendor.BadMessageException;
import io.meetingmedia.gateway.vendor.BadMessageReason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonWithBinaryTest {
  static final Set<String> BINARY = Set.of("buffer", "frame");

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void decodesBinaryFieldsAndKeepsTheRestAsATree() throws Exception {
    byte[] payload = new byte[100_003];
    new Random(1).nextBytes(payload);
    String b64 = Base64.getEncoder().encodeToString(payload);
    byte[] msg = utf8("{\"event\":\"e\",\"data\":{\"data\":{\"buffer\":\"" + b64 + "\",\"n\":[1,{\"a\":\"Zoë\"}],"
        + "\"participant\":{\"id\":7,\"name\":\"Jane\"}},\"bot\":{\"id\":\"b1\"}}}");
    JsonWithBinary json = JsonWithBinary.parse(msg, BINARY);
    assertArrayEquals(payload, json.decodeBase64("data.data.buffer"));
    assertEquals("e", json.root().get("event").textValue());
    assertEquals(7, json.root().at("/data/data/participant/id").intValue());
    assertEquals("Zoë", json.root().at("/data/data/n/1/a").textValue());
    assertEquals("b1", json.root().at("/data/bot/id").textValue());
    assertFalse(json.root().at("/data/data").has("buffer"), "the large string is not in the tree");
    assertTrue(json.hasBinary("data.data.buffer"));
  }

  @Test
  void escapedBase64StillWorks() throws Exception {
    byte[] payload = {(byte) 0xFF, (byte) 0xFE, 1, 2, 3};
    String b64 = Base64.getEncoder().encodeToString(payload).replace("/", "\\/");
    JsonWithBinary json = JsonWithBinary.parse(utf8("{\"frame\":\"" + b64 + "\"}"), BINARY);
    assertArrayEquals(payload, json.decodeBase64("frame"));
  }

  @Test
  void badInputGetsSpecificReasons() {
    assertReason("{\"frame\": \"!!!\"}", "frame", BadMessageReason.INVALID_BASE64);
    assertReason("{\"frame\": \"\"}", "frame", BadMessageReason.WRONG_SHAPE);
    assertReason("{\"other\": 1}", "frame", BadMessageReason.WRONG_SHAPE);
    assertParseReason("{\"frame\": \"abc\"", BadMessageReason.INVALID_JSON);
    assertParseReason("[1,2]", BadMessageReason.WRONG_SHAPE);
    assertParseReason("", BadMessageReason.INVALID_JSON);
    assertParseReason("{} {}", BadMessageReason.INVALID_JSON);
    assertParseReason("{\"a\": tru}", BadMessageReason.INVALID_JSON);
  }

  private static void assertReason(String msg, String path, BadMessageReason reason) {
    BadMessageException e = assertThrows(BadMessageException.class,
        () -> JsonWithBinary.parse(utf8(msg), BINARY).decodeBase64(path));
    assertEquals(reason, e.reason(), e.getMessage());
  }

  private static void assertParseReason(String msg, BadMessageReason reason) {
    BadMessageException e = assertThrows(BadMessageException.class, () -> JsonWithBinary.parse(utf8(msg), BINARY));
    assertEquals(reason, e.reason(), e.getMessage());
  }
}
