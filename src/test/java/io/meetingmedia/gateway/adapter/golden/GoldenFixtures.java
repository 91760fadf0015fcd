package io.meetingmedia.gateway.adapter.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.VendorAdapter;
import io.meetingmedia.gateway.adapter.VendorSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Golden tests from files: {@code fixtures/<vendor>/<case>.input.json} holds the messages a vendor sends, written
 * from the documented wire shapes; {@code <case>.expected.json} beside it holds the envelopes, replies and refusals
 * the adapter must produce.
 *
 * <p>Input: {@code {"messages": [m, ...], "close": true}}, where {@code m} is {@code {"text": {json}}},
 * {@code {"textRaw": "..."}} or {@code {"binary": [part, ...]}}, optionally with {@code "at": epochMillis}
 * (default {@link #BASE_MILLIS} + 100 × index). Binary parts: {@code {"u8": n}}, {@code {"u16le": n}},
 * {@code {"u32le": n}}, {@code {"utf8": "..."}}, {@code {"hex": "..."}}, {@code {"file": "name", "from": a, "to": b}}
 * (a byte range of a file in the same folder; whole file without from/to).
 *
 * <p>Expected: {@code {"envelopes": [...], "replies": [{"message": i, "json": {...} or "text": "exact"}],
 * "errors": [{"message": i, "reason": "...", "detail": "substring"}], "sessionBotId": "..."}}. An envelope lists
 * kind, botId, participantId, type, contentType, seq, message (index of the input message it was emitted for; the
 * close counts as index = number of messages) and, when not null or empty, participantName, source,
 * mediaTimeMillis, vendorTime and attributes; its payload is {@code {"json": {...}}}, {@code {"hex": "..."}},
 * {@code {"file": ..., "from": ..., "to": ...}} or {@code {"message": i, "from": a}} (bytes of input message i).
 */
public final class GoldenFixtures {
  /** Default receive time of message 0: 2026-09-21T14:13:20Z. */
  public static final long BASE_MILLIS = 1_790_000_000_000L;
  /** Prints object fields sorted, so that comparisons ignore field order (attributes are an unordered map). */
  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
      .build();

  private GoldenFixtures() {
  }

  /** @return the case names in {@code fixtures/<vendor>/}, sorted */
  public static Stream<String> cases(String vendor) {
    try (Stream<Path> files = Files.list(folder(vendor))) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".input.json"))
          .map(n -> n.substring(0, n.length() - ".input.json".length())).sorted().toList();
      assertFalse(names.isEmpty(), "no fixtures for " + vendor);
      return names.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs one case through a fresh session of the adapter and checks everything the expected file lists. */
  public static void verify(VendorAdapter adapter, String name) throws IOException {
    Path folder = folder(adapter.name());
    JsonNode input = JSON.readTree(folder.resolve(name + ".input.json").toFile());
    JsonNode expected = JSON.readTree(folder.resolve(name + ".expected.json").toFile());
    List<byte[]> messages = new ArrayList<>();
    for (JsonNode m : input.get("messages")) {
      messages.add(m.has("binary") ? binary(folder, m.get("binary")) : text(m));
    }

    VendorSession session = adapter.newSession();
    RecordingSessionOutput out = new RecordingSessionOutput(adapter.name(), session::botId);
    ArrayNode errors = JSON.createArrayNode();
    Map<Integer, String> details = new HashMap<>();
    long[] times = new long[messages.size() + 1];
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = input.get("messages").get(i);
      times[i] = m.has("at") ? m.get("at").asLong() : BASE_MILLIS + 100L * i;
      // the close is handled with the time of the last message, as the connection does
      times[i + 1] = times[i];
      out.next(i, times[i]);
      // the session may keep the array, as it does with the connection's
      byte[] bytes = messages.get(i).clone();
      try {
        if (m.has("binary")) {
          session.onBinary(bytes, out);
        } else {
          session.onText(bytes, out);
        }
      } catch (BadMessageException e) {
        errors.addObject().put("message", i).put("reason", e.reason().label());
        details.put(i, e.getMessage());
      }
    }
    if (input.path("close").asBoolean(false)) {
      out.next(messages.size(), times[messages.size()]);
      session.onClose(out);
    }

    // refusals
    ArrayNode expectedErrors = JSON.createArrayNode();
    for (JsonNode e : expected.path("errors")) {
      expectedErrors.addObject().put("message", e.get("message").asInt()).put("reason", e.get("reason").asText());
      if (e.has("detail")) {
        String detail = details.get(e.get("message").asInt());
        assertTrue(detail != null && detail.contains(e.get("detail").asText()),
            name + ": message " + e.get("message") + " refused with '" + detail + "', expected it to mention '"
                + e.get("detail").asText() + "'");
      }
    }
    assertEquals(pretty(expectedErrors), pretty(errors), name + ": refusals");

    // envelopes
    ArrayNode actualEnvelopes = JSON.createArrayNode();
    List<MediaEnvelope> envelopes = out.envelopes();
    for (int i = 0; i < envelopes.size(); i++) {
      actualEnvelopes.add(describe(envelopes.get(i), outputMessage(out, i),
          expected.path("envelopes").path(i).path("payload")));
    }
    ArrayNode expectedEnvelopes = JSON.createArrayNode();
    for (JsonNode e : expected.path("envelopes")) {
      expectedEnvelopes.add(normalize((ObjectNode) e.deepCopy(), folder, messages, times));
    }
    assertEquals(pretty(expectedEnvelopes), pretty(actualEnvelopes), name + ": envelopes");
    for (MediaEnvelope e : envelopes) {
      assertEquals(RecordingSessionOutput.TENANT, e.tenant());
      assertEquals(adapter.name(), e.vendor());
      assertEquals(RecordingSessionOutput.CONNECTION, e.connectionId());
    }

    // replies, and each one before anything else its message caused
    ArrayNode actualReplies = JSON.createArrayNode();
    for (RecordingSessionOutput.Reply r : out.replies()) {
      actualReplies.addObject().put("message", r.message()).set("json", JSON.readTree(r.text()));
    }
    ArrayNode expectedReplies = JSON.createArrayNode();
    for (JsonNode r : expected.path("replies")) {
      ObjectNode reply = expectedReplies.addObject().put("message", r.get("message").asInt());
      if (r.has("text")) {
        // the exact characters matter (e.g. numbers echoed as received)
        int index = expectedReplies.size() - 1;
        String actual = index < out.replies().size() ? out.replies().get(index).text() : null;
        assertEquals(r.get("text").asText(), actual, name + ": text of reply " + index);
        reply.set("json", JSON.readTree(r.get("text").asText()));
      } else {
        reply.set("json", r.get("json"));
      }
    }
    assertEquals(pretty(expectedReplies), pretty(actualReplies), name + ": replies");
    int lastMessage = -1;
    boolean emittedForMessage = false;
    for (RecordingSessionOutput.Output o : out.outputs()) {
      if (o.message() != lastMessage) {
        lastMessage = o.message();
        emittedForMessage = false;
      }
      if (o.reply()) {
        assertFalse(emittedForMessage, name + ": message " + o.message() + " emitted an envelope before replying");
      } else {
        emittedForMessage = true;
      }
    }

    if (expected.has("sessionBotId")) {
      assertEquals(expected.get("sessionBotId").asText(), session.botId(), name + ": session bot id");
    }
  }

  private static int outputMessage(RecordingSessionOutput out, int envelopeIndex) {
    int seen = -1;
    for (RecordingSessionOutput.Output o : out.outputs()) {
      if (!o.reply() && ++seen == envelopeIndex) {
        return o.message();
      }
    }
    throw new IllegalStateException("no output for envelope " + envelopeIndex);
  }

  private static ObjectNode describe(MediaEnvelope e, int message, JsonNode expectedPayload) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("kind", e.kind().name());
    n.put("botId", e.botId());
    n.put("participantId", e.participantId());
    if (e.participantName() != null) {
      n.put("participantName", e.participantName());
    }
    if (e.source() != null) {
      n.put("source", e.source().wireName());
    }
    n.put("type", e.type());
    n.put("contentType", e.contentType());
    if (e.mediaTimeMillis() != null) {
      n.put("mediaTimeMillis", e.mediaTimeMillis());
    }
    if (e.vendorTime() != null) {
      n.put("vendorTime", e.vendorTime().toString());
    }
    n.put("seq", e.seq());
    n.put("message", message);
    n.put("receivedAt", e.receivedAt().toString());
    if (!e.attributes().isEmpty()) {
      ObjectNode attributes = n.putObject("attributes");
      e.attributes().forEach(attributes::put);
    }
    if (expectedPayload.has("json")) {
      n.putObject("payload").set("json", JSON.readTree(e.payload()));
    } else {
      n.set("payload", digest(e.payload()));
    }
    return n;
  }

  private static ObjectNode normalize(ObjectNode e, Path folder, List<byte[]> messages, long[] times)
      throws IOException {
    JsonNode payload = e.remove("payload");
    String receivedAt = Instant.ofEpochMilli(times[e.get("message").asInt()]).toString();
    if (e.has("receivedAt")) {
      receivedAt = e.remove("receivedAt").asText();
    }
    ObjectNode n = JSON.createObjectNode();
    for (String field : new String[] {"kind", "botId", "participantId", "participantName", "source", "type",
        "contentType", "mediaTimeMillis", "vendorTime", "seq", "message"}) {
      if (e.has(field)) {
        n.set(field, e.remove(field));
      }
    }
    n.put("receivedAt", receivedAt);
    if (e.has("attributes")) {
      n.set("attributes", e.remove("attributes"));
    }
    Iterator<String> rest = e.fieldNames();
    if (rest.hasNext()) {
      throw new IllegalArgumentException("unknown field in expected envelope: " + rest.next());
    }
    if (payload == null) {
      throw new IllegalArgumentException("expected envelope without payload: " + n);
    }
    if (payload.has("json")) {
      n.putObject("payload").set("json", payload.get("json"));
    } else if (payload.has("hex")) {
      n.set("payload", digest(HexFormat.of().parseHex(payload.get("hex").asText().replace(" ", ""))));
    } else if (payload.has("file")) {
      n.set("payload", digest(file(folder, payload)));
    } else if (payload.has("message")) {
      byte[] message = messages.get(payload.get("message").asInt());
      n.set("payload", digest(Arrays.copyOfRange(message, payload.path("from").asInt(0), message.length)));
    } else {
      throw new IllegalArgumentException("unknown payload form: " + payload);
    }
    return n;
  }

  private static ObjectNode digest(byte[] bytes) {
    try {
      ObjectNode n = JSON.createObjectNode();
      n.put("bytes", bytes.length);
      n.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
      return n;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] text(JsonNode m) throws IOException {
    if (m.has("textRaw")) {
      return m.get("textRaw").asText().getBytes(StandardCharsets.UTF_8);
    }
    return JSON.writeValueAsBytes(m.get("text"));
  }

  private static byte[] binary(Path folder, JsonNode parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (JsonNode part : parts) {
      if (part.has("u8")) {
        out.write(part.get("u8").asInt());
      } else if (part.has("u16le")) {
        int v = part.get("u16le").asInt();
        out.write(v & 0xFF);
        out.write(v >>> 8 & 0xFF);
      } else if (part.has("u32le")) {
        long v = part.get("u32le").asLong();
        for (int shift = 0; shift < 32; shift += 8) {
          out.write((int) (v >>> shift & 0xFF));
        }
      } else if (part.has("utf8")) {
        out.write(part.get("utf8").asText().getBytes(StandardCharsets.UTF_8));
      } else if (part.has("hex")) {
        out.write(HexFormat.of().parseHex(part.get("hex").asText().replace(" ", "")));
      } else if (part.has("file")) {
        out.write(file(folder, part));
      } else {
        throw new IllegalArgumentException("unknown binary part: " + part);
      }
    }
    return out.toByteArray();
  }

  private static byte[] file(Path folder, JsonNode ref) throws IOException {
    byte[] all = Files.readAllBytes(folder.resolve(ref.get("file").asText()));
    int from = ref.path("from").asInt(0);
    int to = ref.has("to") ? ref.get("to").asInt() : all.length;
    return Arrays.copyOfRange(all, from, to);
  }

  /** @return the folder of a vendor's fixtures on the test classpath */
  public static Path folder(String vendor) {
    try {
      return Path.of(GoldenFixtures.class.getResource("/fixtures/" + vendor).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no fixture folder for " + vendor, e);
    }
  }

  private static String pretty(JsonNode node) throws IOException {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }
}
