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
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one golden case (inputs: {@link FixtureInput}, files: {@link FixtureFiles}) through a fresh session of the
 * vendor's adapter and compares everything {@code <case>.expected.json} lists, the same way for every vendor.
 *
 * <p>Expected: {@code {"description": "...", "envelopes": [...], "replies": [{"message": i, "json": {...} or
 * "text": "exact"}], "errors": [{"message": i, "reason": "...", "detail" | "detailExact" | "detailPrefix": "..."}],
 * "sessionBotId": "..."}} ({@code envelopes} required; the lists not given must be empty). {@code detail} is a
 * substring of the refusal's text, {@code detailExact} all of it, {@code detailPrefix} its start. An envelope lists
 * kind, botId, participantId, type, contentType, seq, message (index of the input message it was emitted for; the
 * close counts as index = number of messages) and, when not null or empty, participantName, source,
 * mediaTimeMillis, vendorTime and attributes; its payload is {@code {"json": {...}}}, {@code {"sha256": ...,
 * "bytes": n}}, {@code {"hex": "..."}}, {@code {"file": ..., "from": ..., "to": ...}} or
 * {@code {"message": i, "from": a}} (bytes of input message i). Replies must come before any envelope their message
 * caused.
 */
public final class GoldenCheck {
  private static final Set<String> EXPECTED_FIELDS =
      Set.of("description", "envelopes", "replies", "errors", "sessionBotId");
  private static final Set<String> ERROR_FIELDS =
      Set.of("message", "reason", "detail", "detailExact", "detailPrefix");
  /** Prints object fields sorted, so that comparisons ignore field order (attributes are an unordered map). */
  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
      .build();

  private GoldenCheck() {
  }

  /** Runs one case through a fresh session of the adapter and checks everything the expected file lists. */
  public static void verify(VendorAdapter adapter, String name) throws IOException {
    Path folder = FixtureFiles.folder(adapter.name());
    FixtureInput input = FixtureInput.load(JSON, adapter.name(), name);
    JsonNode expected = JSON.readTree(folder.resolve(name + FixtureFiles.EXPECTED).toFile());
    expected.fieldNames().forEachRemaining(field -> {
      if (!EXPECTED_FIELDS.contains(field)) {
        throw new IllegalArgumentException(name + ": unknown field in expected file: " + field);
      }
    });
    if (!expected.has("envelopes")) {
      throw new IllegalArgumentException(name + ": the expected file must list \"envelopes\" (may be [])");
    }
    List<FixtureInput.Message> messages = input.messages();

    VendorSession session = adapter.newSession();
    RecordingSessionOutput out = new RecordingSessionOutput(adapter.name(), session::botId);
    ArrayNode errors = JSON.createArrayNode();
    Map<Integer, String> details = new HashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      FixtureInput.Message m = messages.get(i);
      out.next(i, m.receivedAtMillis());
      // the session may keep the array, as it does with the connection's
      byte[] bytes = m.bytes().clone();
      try {
        if (m.binary()) {
          session.onBinary(bytes, out);
        } else {
          session.onText(bytes, out);
        }
      } catch (BadMessageException e) {
        errors.addObject().put("message", i).put("reason", e.reason().label());
        details.put(i, e.getMessage());
      }
    }
    if (input.close()) {
      out.next(messages.size(), input.closedAtMillis());
      session.onClose(out);
    }

    // refusals
    ArrayNode expectedErrors = JSON.createArrayNode();
    for (JsonNode e : expected.path("errors")) {
      e.fieldNames().forEachRemaining(field -> {
        if (!ERROR_FIELDS.contains(field)) {
          throw new IllegalArgumentException(name + ": unknown field in expected error: " + field);
        }
      });
      int message = e.get("message").asInt();
      expectedErrors.addObject().put("message", message).put("reason", e.get("reason").asText());
      String detail = details.get(message);
      if (detail == null) {
        continue; // not refused: the comparison below reports it
      }
      if (e.has("detail")) {
        assertTrue(detail.contains(e.get("detail").asText()), name + ": message " + message + " refused with '"
            + detail + "', expected it to mention '" + e.get("detail").asText() + "'");
      }
      if (e.has("detailExact")) {
        assertEquals(e.get("detailExact").asText(), detail, name + ": text of the refusal of message " + message);
      }
      if (e.has("detailPrefix")) {
        assertTrue(detail.startsWith(e.get("detailPrefix").asText()), name + ": message " + message
            + " refused with '" + detail + "', expected it to start with '" + e.get("detailPrefix").asText() + "'");
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
      expectedEnvelopes.add(normalize((ObjectNode) e.deepCopy(), folder, input));
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

  private static ObjectNode normalize(ObjectNode e, Path folder, FixtureInput input) {
    JsonNode payload = e.remove("payload");
    int index = e.get("message").asInt();
    long receivedAtMillis = index < input.messages().size() ? input.messages().get(index).receivedAtMillis()
        : input.closedAtMillis();
    String receivedAt = Instant.ofEpochMilli(receivedAtMillis).toString();
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
    } else if (payload.has("sha256")) {
      ObjectNode digest = JSON.createObjectNode();
      digest.put("bytes", payload.get("bytes").asInt());
      digest.put("sha256", payload.get("sha256").asText());
      n.set("payload", digest);
    } else if (payload.has("hex")) {
      n.set("payload", digest(HexFormat.of().parseHex(payload.get("hex").asText().replace(" ", ""))));
    } else if (payload.has("file")) {
      n.set("payload", digest(FixtureInput.fileRange(folder, payload)));
    } else if (payload.has("message")) {
      byte[] message = input.messages().get(payload.get("message").asInt()).bytes();
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

  private static String pretty(JsonNode node) throws IOException {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }
}
