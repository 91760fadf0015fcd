package io.meetingmedia.gateway.adapter.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The messages of one golden case, whichever of the three input forms holds them. Message {@code i} is received
 * at {@link #BASE_MILLIS} + 100 ms × i unless a session gives {@code "at"}; the close, if the session asks for it,
 * is handled at the time of the last message, as the connection does.
 *
 * <p>Session form: {@code {"messages": [m, ...], "close": true}}, where {@code m} is {@code {"text": {json}}},
 * {@code {"textRaw": "..."}} or {@code {"binary": [part, ...]}}, optionally with {@code "at": epochMillis}. Binary
 * parts: {@code {"u8": n}}, {@code {"u16le": n}}, {@code {"u32le": n}}, {@code {"utf8": "..."}},
 * {@code {"hex": "..."}}, {@code {"file": "name", "from": a, "to": b}} (a byte range of a file in the vendor's
 * folder; the whole file without from/to).
 *
 * @param messages the messages in arrival order
 * @param close    whether the session is closed after the last message
 */
public record FixtureInput(List<Message> messages, boolean close) {
  /** Receive time of message 0: 2026-09-21T14:13:20Z. */
  public static final long BASE_MILLIS = 1_790_000_000_000L;

  /**
   * @param bytes            the message as the session receives it
   * @param binary           a binary WebSocket message rather than a text one
   * @param receivedAtMillis when the gateway received it
   */
  public record Message(byte[] bytes, boolean binary, long receivedAtMillis) {
  }

  /** @return the receive time of the close: that of the last message */
  public long closedAtMillis() {
    return messages.isEmpty() ? BASE_MILLIS : messages.get(messages.size() - 1).receivedAtMillis();
  }

  /** Reads the input of a case of a vendor. */
  static FixtureInput load(ObjectMapper json, String vendor, String name) throws IOException {
    Path file = FixtureFiles.input(vendor, name);
    String fileName = file.getFileName().toString();
    if (fileName.endsWith(FixtureFiles.TEXT) || fileName.endsWith(FixtureFiles.BINARY)) {
      boolean binary = fileName.endsWith(FixtureFiles.BINARY);
      return new FixtureInput(List.of(new Message(FixtureFiles.read(file), binary, BASE_MILLIS)), false);
    }
    Path folder = file.getParent();
    JsonNode session = json.readTree(file.toFile());
    List<Message> messages = new ArrayList<>();
    for (JsonNode m : session.get("messages")) {
      long at = m.has("at") ? m.get("at").asLong() : BASE_MILLIS + 100L * messages.size();
      boolean binary = m.has("binary");
      messages.add(new Message(binary ? binary(folder, m.get("binary")) : text(json, m), binary, at));
    }
    return new FixtureInput(List.copyOf(messages), session.path("close").asBoolean(false));
  }

  private static byte[] text(ObjectMapper json, JsonNode m) throws IOException {
    if (m.has("textRaw")) {
      return m.get("textRaw").asText().getBytes(StandardCharsets.UTF_8);
    }
    return json.writeValueAsBytes(m.get("text"));
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
        out.write(fileRange(folder, part));
      } else {
        throw new IllegalArgumentException("unknown binary part: " + part);
      }
    }
    return out.toByteArray();
  }

  /** @return the bytes {@code from}–{@code to} of {@code {"file": name}} in the folder (whole file by default) */
  static byte[] fileRange(Path folder, JsonNode ref) {
    byte[] all = FixtureFiles.read(folder.resolve(ref.get("file").asText()));
    int from = ref.path("from").asInt(0);
    int to = ref.has("to") ? ref.get("to").asInt() : all.length;
    return Arrays.copyOfRange(all, from, to);
  }
}
