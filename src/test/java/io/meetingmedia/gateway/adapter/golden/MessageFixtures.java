package io.meetingmedia.gateway.adapter.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.VendorAdapter;
import io.meetingmedia.gateway.adapter.VendorSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Golden fixtures of one message each, kept byte for byte as the vendor sends it (key order, whitespace, escapes
 * and malformed text included): {@code fixtures/<vendor>/<scenario>.json} is the text message ({@code .bin} a binary
 * message) and {@code <scenario>.expected.json} beside it is either
 * {@code {"envelope": {...}}} — the one envelope the adapter must emit, media payloads as
 * {@code {"sha256", "length"}}, event payloads as {@code {"json": <the normalized event>}} — or
 * {@code {"error": {"reason", "message" | "messagePrefix"}}}, the refusal it must answer with. Every message is
 * received at {@link #RECEIVED_AT}, so events timed by the receive time have a known time. (Multi-message scenarios
 * with replies use {@link GoldenFixtures} and {@code *.input.json} instead.)
 */
public final class MessageFixtures {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String EXPECTED = ".expected.json";
  /** The receive time of every message. */
  public static final Instant RECEIVED_AT = Instant.parse("2026-10-06T08:10:05.250Z");

  private MessageFixtures() {
  }

  /** @return the scenario names of a vendor's fixture directory, sorted */
  public static List<String> scenarios(String vendor) {
    try (Stream<Path> files = Files.list(directory(vendor))) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> (n.endsWith(".json") && !n.endsWith(EXPECTED) && !n.endsWith(".input.json"))
              || n.endsWith(".bin"))
          .map(n -> n.substring(0, n.lastIndexOf('.')))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs one scenario through a fresh session of the adapter and compares the outcome with its expectation. */
  public static void verify(VendorAdapter adapter, String scenario) throws IOException {
    Path dir = directory(adapter.name());
    JsonNode expected = MAPPER.readTree(dir.resolve(scenario + EXPECTED).toFile());
    Path text = dir.resolve(scenario + ".json");
    boolean binary = !Files.exists(text);
    byte[] message = Files.readAllBytes(binary ? dir.resolve(scenario + ".bin") : text);
    VendorSession session = adapter.newSession();
    RecordingSessionOutput out = new RecordingSessionOutput(adapter.name(), session::botId);
    out.next(0, RECEIVED_AT.toEpochMilli());

    if (expected.has("error")) {
      BadMessageException e = assertThrows(BadMessageException.class, () -> deliver(session, binary, message, out));
      JsonNode error = expected.get("error");
      assertEquals(error.get("reason").asText(), e.reason().label(), "reason; message was: " + e.getMessage());
      if (error.has("message")) {
        assertEquals(error.get("message").asText(), e.getMessage());
      } else {
        String prefix = error.get("messagePrefix").asText();
        assertTrue(e.getMessage().startsWith(prefix), "'" + e.getMessage() + "' starts with '" + prefix + "'");
      }
      assertEquals(List.of(), out.envelopes(), "nothing is emitted for a refused message");
      return;
    }
    try {
      deliver(session, binary, message, out);
    } catch (BadMessageException e) {
      fail("refused with " + e.reason().label() + ": " + e.getMessage());
    }
    assertEquals(1, out.envelopes().size(), "one envelope per message");
    MediaEnvelope envelope = out.envelopes().get(0);
    assertEquals(canonical(expected.get("envelope")).toPrettyString(), canonical(describe(envelope)).toPrettyString());
    assertEquals(RECEIVED_AT, envelope.receivedAt());
    assertEquals(RecordingSessionOutput.TENANT, envelope.tenant());
    assertEquals(adapter.name(), envelope.vendor());
    assertEquals(envelope.botId(), session.botId(), "the session reports the bot id it has seen");
  }

  /**
   * Feeds seeded random corruptions of every text scenario (flipped bytes, cuts, splices of JSON punctuation) to
   * fresh sessions: each must be emitted as a buildable envelope or refused with a {@link BadMessageException};
   * any other exception fails. Reaches the paths structured fuzzing rarely finds, inside otherwise valid messages.
   *
   * @return how many corrupted messages were accepted (the rest were refused)
   */
  public static int assertCorruptionsOnlyRefuse(VendorAdapter adapter, long seed, int perScenario) {
    Random random = new Random(seed);
    byte[] punctuation = "{}[]\",:\\ 0-.e\u00e9nt".getBytes(StandardCharsets.UTF_8);
    int accepted = 0;
    for (String scenario : scenarios(adapter.name())) {
      Path file = directory(adapter.name()).resolve(scenario + ".json");
      if (!Files.exists(file)) {
        continue;
      }
      byte[] original = read(file);
      for (int i = 0; i < perScenario; i++) {
        byte[] message = original.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && message.length > 0; e++) {
          int at = random.nextInt(message.length);
          switch (random.nextInt(3)) {
            case 0:
              message[at] = (byte) random.nextInt(256);
              break;
            case 1:
              message[at] = punctuation[random.nextInt(punctuation.length)];
              break;
            default:
              message = Arrays.copyOf(message, at);
          }
        }
        VendorSession session = adapter.newSession();
        RecordingSessionOutput out = new RecordingSessionOutput(adapter.name(), session::botId);
        out.next(0, RECEIVED_AT.toEpochMilli());
        try {
          session.onText(message, out);
          accepted++;
        } catch (BadMessageException expected) {
          assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
        } catch (RuntimeException crash) {
          throw new AssertionError(scenario + " corruption " + i + " crashed the session: " + crash, crash);
        }
      }
    }
    return accepted;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the raw message of a text scenario, exactly as the vendor sends it */
  public static byte[] message(String vendor, String scenario) {
    try {
      return Files.readAllBytes(directory(vendor).resolve(scenario + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the bytes of a media file of a vendor's fixtures, e.g. {@code cam.jpg} */
  public static byte[] media(String vendor, String file) {
    try {
      return Files.readAllBytes(directory(vendor).resolve("media").resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deliver(VendorSession session, boolean binary, byte[] message, RecordingSessionOutput out)
      throws BadMessageException {
    if (binary) {
      session.onBinary(message, out);
    } else {
      session.onText(message, out);
    }
  }

  /** @return the envelope in the vocabulary of the expected files */
  public static JsonNode describe(MediaEnvelope envelope) throws IOException {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("kind", envelope.kind().name());
    n.put("type", envelope.type());
    n.put("botId", envelope.botId());
    n.put("participantId", envelope.participantId());
    n.put("participantName", envelope.participantName());
    n.put("source", envelope.source() == null ? null : envelope.source().wireName());
    n.put("contentType", envelope.contentType());
    ObjectNode attributes = n.putObject("attributes");
    envelope.attributes().forEach(attributes::put);
    n.put("vendorTime", envelope.vendorTime() == null ? null : envelope.vendorTime().toString());
    n.put("mediaTimeMillis", envelope.mediaTimeMillis());
    ObjectNode payload = n.putObject("payload");
    if (envelope.kind() == MediaKind.EVENT) {
      payload.set("json", MAPPER.readTree(envelope.payload()));
    } else {
      payload.put("sha256", sha256(envelope.payload()));
      payload.put("length", envelope.payload().length);
    }
    return n;
  }

  /** @return the lowercase hex SHA-256 of the bytes */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sorts keys and unifies number types, so that only content differences show up in a comparison. */
  private static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      node.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonical(e.getValue())));
      ObjectNode result = JsonNodeFactory.instance.objectNode();
      sorted.forEach(result::set);
      return result;
    }
    if (node.isArray()) {
      ArrayNode result = JsonNodeFactory.instance.arrayNode();
      node.forEach(child -> result.add(canonical(child)));
      return result;
    }
    if (node.isIntegralNumber()) {
      return LongNode.valueOf(node.longValue());
    }
    if (node.isFloatingPointNumber()) {
      return DoubleNode.valueOf(node.doubleValue());
    }
    return node;
  }

  private static Path directory(String vendor) {
    URL url = MessageFixtures.class.getResource("/fixtures/" + vendor);
    if (url == null) {
      throw new IllegalStateException("no fixtures/" + vendor + " on the test classpath");
    }
    try {
      return Paths.get(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
