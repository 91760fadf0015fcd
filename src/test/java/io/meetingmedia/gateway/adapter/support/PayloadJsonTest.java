package io.meetingmedia.gateway.adapter.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadJsonTest {
  private static final Set<String> FIELDS = Set.of("frame");

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"frame\":\"%s\",\"n\":1}",
      "{\"n\":1,\"frame\":\"%s\"}",
      "{ \"frame\" : \"%s\" , \"n\" : 1 }",
      "{\n  \"n\": 1,\n  \"frame\": \"%s\"\r\n}",
      "{\"frame\":\"%s\"\t,\t\"n\":1}",
      "\uFEFF{\"frame\":\"%s\",\"n\":1}"})
  void decodesTheFieldFromTheMessageBytesWhateverTheLayout(String layout) throws Exception {
    byte[] payload = random(10_000, 1);
    byte[] message = bytes(String.format(layout, Base64.getEncoder().encodeToString(payload)));
    JsonNode root = PayloadJson.parseObject(message, FIELDS);
    assertArrayEquals(payload, PayloadJson.requireBase64(root, "frame", "frame").decode("frame"));
    if (root.has("n")) {
      assertEquals(1, root.get("n").intValue());
    }
  }

  @Test
  void findsFieldsAtAnyDepthAndLeavesOtherStringsAlone() throws Exception {
    byte[] a = random(300, 2);
    byte[] b = random(301, 3);
    String json = "{\"frame\":\"not a field of interest here?\",\"data\":{\"list\":[{\"frame\":\""
        + Base64.getEncoder().encodeToString(a) + "\"}],\"inner\":{\"frame\":\"" + Base64.getEncoder().encodeToString(b)
        + "\",\"name\":\"Zoë\"}},\"other\":\"" + Base64.getEncoder().encodeToString(a) + "\"}";
    JsonNode root = PayloadJson.parseObject(bytes(json), FIELDS);
    assertArrayEquals(a, PayloadJson.requireBase64(root.at("/data/list/0"), "frame", "x").decode("x"));
    assertArrayEquals(b, PayloadJson.requireBase64(root.at("/data/inner"), "frame", "x").decode("x"));
    assertEquals("Zoë", root.at("/data/inner/name").textValue());
    assertEquals(Base64.getEncoder().encodeToString(a), root.get("other").textValue());
    BadMessageException e = assertThrows(BadMessageException.class,
        () -> PayloadJson.requireBase64(root, "frame", "frame").decode("frame"));
    assertEquals(BadMessageReason.INVALID_BASE64, e.reason());
  }

  @Test
  void buildsTheSameTreeAsJacksonForEverythingElse() throws Exception {
    String json = "{\"s\":\"a\\\"b\\u00e9\",\"i\":42,\"l\":1703123456789,\"big\":123456789012345678901234567890,"
        + "\"d\":12.5,\"e\":-1.5e3,\"t\":true,\"f\":false,\"z\":null,\"arr\":[1,\"x\",[],{}],\"o\":{\"k\":{}}}";
    assertEquals(JsonMessages.MAPPER.readTree(json), PayloadJson.parseObject(bytes(json), FIELDS));
  }

  @Test
  void resolvesJsonEscapesInsideBase64() throws Exception {
    byte[] payload = random(2_000, 4);
    String b64 = Base64.getEncoder().encodeToString(payload);
    assertTrue(b64.contains("/"), "the sample needs a slash to escape");
    for (String escaped : new String[] {b64.replace("/", "\\/"), b64.replace("/", "\\u002F"),
        b64.replace("+", "\\u002b")}) {
      JsonNode root = PayloadJson.parseObject(bytes("{\"frame\":\"" + escaped + "\"}"), FIELDS);
      assertArrayEquals(payload, PayloadJson.requireBase64(root, "frame", "frame").decode("frame"));
    }
    JsonNode newline = PayloadJson.parseObject(bytes("{\"frame\":\"QUJD\\nREVG\"}"), FIELDS);
    assertEquals(BadMessageReason.INVALID_BASE64, assertThrows(BadMessageException.class,
        () -> PayloadJson.requireBase64(newline, "frame", "frame").decode("frame")).reason());
  }

  @Test
  void decodesAMultiMegabyteFrame() throws Exception {
    byte[] payload = random(3 * 1024 * 1024 + 1, 5);
    byte[] message = bytes("{\"trigger\":\"x\",\"data\":{\"frame\":\"" + Base64.getEncoder().encodeToString(payload)
        + "\",\"source\":\"webcam\"}}");
    JsonNode root = PayloadJson.parseObject(message, FIELDS);
    assertArrayEquals(payload, PayloadJson.requireBase64(root.get("data"), "frame", "data.frame").decode("f"));
    assertEquals("webcam", root.at("/data/source").textValue());
  }

  @Test
  void refusesAFieldThatIsNotANonEmptyString() throws Exception {
    for (String value : new String[] {"null", "12", "\"\"", "{}", "[\"QUJD\"]"}) {
      JsonNode root = PayloadJson.parseObject(bytes("{\"frame\":" + value + "}"), FIELDS);
      BadMessageException e = assertThrows(BadMessageException.class,
          () -> PayloadJson.requireBase64(root, "frame", "data.frame"));
      assertEquals(BadMessageReason.WRONG_SHAPE, e.reason(), value);
      assertEquals("'data.frame' must be a non-empty base64 string", e.getMessage());
    }
    JsonNode absent = PayloadJson.parseObject(bytes("{}"), FIELDS);
    assertThrows(BadMessageException.class, () -> PayloadJson.requireBase64(absent, "frame", "frame"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{\"frame\":\"QUJD\"", "{\"frame\":\"QUJD\",}", "{\"a\":1} x",
      "{\"a\":1}{\"b\":2}", "[1,", "{\"frame\":\"QU\u0001JD\"}", "{\"frame\":\"QU\\qJD\"}", "nul"})
  void refusesMalformedJson(String text) {
    BadMessageException e = assertThrows(BadMessageException.class,
        () -> PayloadJson.parseObject(bytes(text), FIELDS));
    assertEquals(BadMessageReason.INVALID_JSON, e.reason(), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1,2]", "\"frame\"", "42", "null", "true"})
  void refusesJsonThatIsNotAnObject(String text) {
    BadMessageException e = assertThrows(BadMessageException.class,
        () -> PayloadJson.parseObject(bytes(text), FIELDS));
    assertEquals(BadMessageReason.WRONG_SHAPE, e.reason());
    assertEquals("expected a JSON object", e.getMessage());
  }

  @Test
  void refusesUtf16Json() {
    byte[] utf16 = "{\"frame\":\"QUJD\"}".getBytes(StandardCharsets.UTF_16LE);
    BadMessageException e = assertThrows(BadMessageException.class, () -> PayloadJson.parseObject(utf16, FIELDS));
    assertEquals(BadMessageReason.INVALID_JSON, e.reason());
  }

  @Test
  void buildsNodesOnlyForTheMembersKept() throws Exception {
    PayloadJson.Keep keep = PayloadJson.Keep.only(Map.of("event", PayloadJson.Keep.ALL,
        "data", PayloadJson.Keep.only(Map.of("data", PayloadJson.Keep.ALL, "bot",
            PayloadJson.Keep.only(Map.of("id", PayloadJson.Keep.ALL))))));
    String json = "{\"event\":\"e\",\"skip\":{\"a\":[1,{\"b\":\"c\"}]},\"data\":{\"recording\":{\"id\":\"r\"},"
        + "\"bot\":{\"id\":\"b1\",\"metadata\":{\"k\":\"v\"}},\"data\":{\"words\":[{\"text\":\"hi\"}],"
        + "\"x\":{\"y\":null}}}}";
    JsonNode all = JsonMessages.MAPPER.readTree(json);
    JsonNode kept = PayloadJson.parseObject(bytes(json), FIELDS, keep);
    assertEquals(JsonMessages.MAPPER.readTree("{\"event\":\"e\",\"data\":{\"bot\":{\"id\":\"b1\"},\"data\":"
        + all.at("/data/data") + "}}"), kept);
    // a member kept with rules but holding no object stays as it is, so shape checks still see it
    assertEquals(JsonMessages.MAPPER.readTree("{\"data\":[{\"bot\":3}]}"),
        PayloadJson.parseObject(bytes("{\"data\":[{\"bot\":3,\"z\":1}],\"q\":2}"), FIELDS, keep));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"skip\":{\"a\":[1,}}", "{\"skip\":\"QU\u0001JD\"}", "{\"skip\":tru}",
      "{\"data\":{\"recording\":{\"id\" \"r\"}}}"})
  void refusesMalformedJsonInMembersLeftOut(String text) {
    PayloadJson.Keep keep = PayloadJson.Keep.only(Map.of("data", PayloadJson.Keep.only(Map.of())));
    BadMessageException e = assertThrows(BadMessageException.class,
        () -> PayloadJson.parseObject(bytes(text), FIELDS, keep));
    assertEquals(BadMessageReason.INVALID_JSON, e.reason(), e.getMessage());
  }
}
