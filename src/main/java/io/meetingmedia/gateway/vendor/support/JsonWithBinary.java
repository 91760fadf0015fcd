package io.meetingmedia.gateway.vendor.support;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meetingmedia.gateway.vendor.BadMessageException;
import io.meetingmedia.gateway.vendor.BadMessageReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A vendor JSON message whose large base64 fields (a frame, an audio chunk) are never turned into Java strings.
 * Jackson's byte parser decodes a string value only when asked for it; this reader builds the tree of every other
 * value, but for the named fields it records only where the base64 text lies in the message bytes, and later
 * decodes it straight from those bytes into the payload array. A 2 MB frame then costs one scan and one decode,
 * instead of UTF-8 → UTF-16 → String → Latin-1 bytes → decode.
 */
public final class JsonWithBinary {
  private final byte[] message;
  private final JsonNode root;
  private final Map<String, int[]> spans;

  private JsonWithBinary(byte[] message, JsonNode root, Map<String, int[]> spans) {
    this.message = message;
    this.root = root;
    this.spans = spans;
  }

  /**
   * Parses a JSON object. String values of fields named in {@code binaryFields} (at any depth) are left out of the
   * tree and kept as spans, addressed by their dotted path (e.g. {@code data.data.buffer}).
   *
   * @throws BadMessageException {@code invalid_json} or {@code wrong_shape}
   */
  public static JsonWithBinary parse(byte[] message, Set<String> binaryFields) throws BadMessageException {
    Map<String, int[]> spans = new HashMap<>();
    try (JsonParser parser = JsonMessages.MAPPER.getFactory().createParser(message)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        if (first == null) {
          throw new BadMessageException(BadMessageReason.INVALID_JSON, "empty message");
        }
        parser.skipChildren();
        if (parser.nextToken() != null) {
          throw new BadMessageException(BadMessageReason.INVALID_JSON, "trailing data after the JSON value");
        }
        throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "expected a JSON object");
      }
      ObjectNode root = readObject(parser, "", message, binaryFields, spans);
      if (parser.nextToken() != null) {
        throw new BadMessageException(BadMessageReason.INVALID_JSON, "trailing data after the JSON object");
      }
      return new JsonWithBinary(message, root, spans);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new BadMessageException(BadMessageReason.INVALID_JSON, at == null ? "not valid JSON"
          : "not valid JSON at line " + at.getLineNr() + " column " + at.getColumnNr());
    } catch (IOException e) {
      throw new BadMessageException(BadMessageReason.INVALID_JSON, "not valid JSON");
    }
  }

  private static ObjectNode readObject(JsonParser p, String path, byte[] message, Set<String> binaryFields,
      Map<String, int[]> spans) throws IOException {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      String childPath = path.isEmpty() ? name : path + "." + name;
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_STRING && binaryFields.contains(name)) {
        int[] span = span(p, message);
        if (span != null) {
          spans.put(childPath, span);
          continue;
        }
        node.put(name, p.getText());
      } else if (value == JsonToken.START_OBJECT) {
        node.set(name, readObject(p, childPath, message, binaryFields, spans));
      } else {
        node.set(name, readValue(p, value));
      }
    }
    return node;
  }

  private static JsonNode readValue(JsonParser p, JsonToken token) throws IOException {
    switch (token) {
      case START_ARRAY:
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          array.add(t == JsonToken.START_OBJECT ? readObject(p, "", null, Set.of(), new HashMap<>()) : readValue(p, t));
        }
        return array;
      case START_OBJECT:
        return readObject(p, "", null, Set.of(), new HashMap<>());
      default:
        return JsonMessages.MAPPER.readTree(p);
    }
  }

  /**
   * @return {@code [offset, length]} of the string's raw bytes, or {@code null} when it contains an escape (then
   *     the caller falls back to the decoded text); the parser is left after the string without decoding it
   */
  private static int[] span(JsonParser p, byte[] message) throws IOException {
    if (message == null) {
      return null;
    }
    long start = p.currentTokenLocation().getByteOffset();
    if (start < 0 || start >= message.length || message[(int) start] != '"') {
      return null;
    }
    int from = (int) start + 1;
    int end = from;
    while (end < message.length && message[end] != '"') {
      if (message[end] == '\\') {
        return null;
      }
      end++;
    }
    return end < message.length ? new int[] {from, end - from} : null;
  }

  /** @return the tree of every value except the binary fields */
  public JsonNode root() {
    return root;
  }

  /** @return whether the binary field at the dotted path was present as a string */
  public boolean hasBinary(String path) {
    return spans.containsKey(path) || textAt(path) != null;
  }

  /**
   * Decodes the base64 field at {@code path} into a new array of exactly the decoded size.
   *
   * @throws BadMessageException {@code wrong_shape} when absent or empty, {@code invalid_base64} when malformed
   */
  public byte[] decodeBase64(String path) throws BadMessageException {
    int[] span = spans.get(path);
    if (span == null) {
      String text = textAt(path);
      if (text == null || text.isEmpty()) {
        throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "'" + path + "' must be a non-empty string");
      }
      return JsonMessages.decodeBase64(text, path);
    }
    if (span[1] == 0) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "'" + path + "' must be a non-empty string");
    }
    try {
      ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(message, span[0], span[1]));
      byte[] array = decoded.array();
      return decoded.remaining() == array.length && decoded.arrayOffset() == 0 ? array
          : Arrays.copyOfRange(array, decoded.arrayOffset() + decoded.position(),
              decoded.arrayOffset() + decoded.limit());
    } catch (IllegalArgumentException e) {
      throw new BadMessageException(BadMessageReason.INVALID_BASE64, "'" + path + "' is not valid base64");
    }
  }

  /**
   * @return the raw ASCII bytes of the binary field (for prefixes such as {@code data:image/jpeg;base64,}), or
   *     {@code null}
   */
  public int[] span(String path) {
    int[] span = spans.get(path);
    return span == null ? null : span.clone();
  }

  /** @return the message bytes the spans point into */
  public byte[] message() {
    return message;
  }

  private String textAt(String path) {
    JsonNode node = root;
    for (String part : path.split("\\.")) {
      node = node == null ? null : node.get(part);
    }
    return node != null && node.isTextual() ? node.textValue() : null;
  }
}
