package io.meetingmedia.gateway.adapter.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Reads a vendor JSON message whose bulk is one base64 media field. The message is parsed into an ordinary tree,
 * except that string values of the named fields are not materialised: the parser skips over them and the tree
 * holds a {@link Base64Slice} of the message bytes instead. The media is then decoded once, straight from the
 * network buffer, and no {@code String} or {@code char[]} copy of it is ever made. Field order does not matter.
 */
public final class PayloadJson {
  private static final JsonFactory FACTORY = JsonMessages.MAPPER.getFactory();
  private static final JsonNodeFactory NODES = SmallNodeFactory.INSTANCE;

  private PayloadJson() {
  }

  /**
   * @param message      the complete message
   * @param base64Fields names of fields whose string values stay in the message as {@link Base64Slice}, at any
   *                     depth
   * @return the root object
   * @throws BadMessageException {@code invalid_json} for malformed or trailing text, {@code wrong_shape} when the
   *     root is not an object
   */
  public static ObjectNode parseObject(byte[] message, Set<String> base64Fields) throws BadMessageException {
    return parseObject(message, base64Fields, Keep.ALL);
  }

  /**
   * As {@link #parseObject(byte[], Set)}, building the tree only for the members {@code keep} names: the rest of the
   * message is still read and must be valid JSON, but becomes no nodes (Recall's resource objects next to
   * {@code data.data} were 2 of the 11 KB the tree of a 1 KB transcript message took).
   *
   * @param keep the object members the adapter reads
   */
  public static ObjectNode parseObject(byte[] message, Set<String> base64Fields, Keep keep)
      throws BadMessageException {
    try (JsonParser parser = FACTORY.createParser(message)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new BadMessageException(BadMessageReason.INVALID_JSON, "empty message");
      }
      if (first != JsonToken.START_OBJECT) {
        parser.skipChildren();
        requireEnd(parser);
        throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "expected a JSON object");
      }
      ObjectNode root = readObject(parser, message, base64Fields, keep);
      requireEnd(parser);
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new BadMessageException(BadMessageReason.INVALID_JSON, at == null ? "not valid JSON"
          : "not valid JSON at line " + at.getLineNr() + " column " + at.getColumnNr());
    } catch (IOException e) {
      throw new BadMessageException(BadMessageReason.INVALID_JSON, "not valid JSON");
    }
  }

  /**
   * @return the base64 text at {@code field}, or fails with {@code wrong_shape} naming the path when it is missing,
   *     not a string or empty
   */
  public static Base64Slice requireBase64(JsonNode node, String field, String path) throws BadMessageException {
    JsonNode child = node.get(field);
    if (child instanceof POJONode && ((POJONode) child).getPojo() instanceof Base64Slice) {
      Base64Slice slice = (Base64Slice) ((POJONode) child).getPojo();
      if (slice.length() > 0) {
        return slice;
      }
    }
    throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "'" + path + "' must be a non-empty base64 string");
  }

  /**
   * Which object members an adapter reads, by name at each level. A member it does not name is left out of the tree;
   * a value that is not an object is kept whatever it is, so shape errors are reported as before; the elements of an
   * array get the array's rule.
   */
  public static final class Keep {
    /** Every member, at every depth. */
    public static final Keep ALL = new Keep(null);
    private final Map<String, Keep> members;

    private Keep(Map<String, Keep> members) {
      this.members = members;
    }

    /** @return only these members, each with its own rule */
    public static Keep only(Map<String, Keep> members) {
      return new Keep(Map.copyOf(members));
    }

    /** @return the rule for member {@code name}, or {@code null} when it is left out */
    Keep member(String name) {
      return members == null ? this : members.get(name);
    }
  }

  private static void requireEnd(JsonParser parser) throws IOException, BadMessageException {
    if (parser.nextToken() != null) {
      throw new BadMessageException(BadMessageReason.INVALID_JSON, "unexpected content after the JSON value");
    }
  }

  private static ObjectNode readObject(JsonParser parser, byte[] message, Set<String> base64Fields, Keep keep)
      throws IOException, BadMessageException {
    ObjectNode node = NODES.objectNode();
    JsonToken token = parser.nextToken();
    while (token == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      Keep member = keep.member(name);
      if (member == null) {
        // the parser still checks what it skips; strings are scanned, never built
        parser.skipChildren();
        token = parser.nextToken();
        continue;
      }
      if (value == JsonToken.VALUE_STRING && base64Fields.contains(name)) {
        int open = byteOffset(parser);
        // the parser skips an unread string without building it; the next token tells where the string ended
        token = parser.nextToken();
        int close = closingQuote(message, byteOffset(parser));
        node.set(name, NODES.pojoNode(Base64Slice.ofJsonString(message, open + 1, close - open - 1)));
        continue;
      }
      node.set(name, readValue(parser, value, message, base64Fields, member));
      token = parser.nextToken();
    }
    return node;
  }

  private static JsonNode readValue(JsonParser parser, JsonToken token, byte[] message, Set<String> base64Fields,
      Keep keep) throws IOException, BadMessageException {
    switch (token) {
      case START_OBJECT:
        return readObject(parser, message, base64Fields, keep);
      case START_ARRAY:
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(readValue(parser, t, message, base64Fields, keep));
        }
        return array;
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        switch (parser.getNumberType()) {
          case INT:
            return NODES.numberNode(parser.getIntValue());
          case LONG:
            return NODES.numberNode(parser.getLongValue());
          default:
            return NODES.numberNode(parser.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IllegalStateException("unexpected JSON token " + token);
    }
  }

  private static int byteOffset(JsonParser parser) throws BadMessageException {
    long offset = parser.currentTokenLocation().getByteOffset();
    if (offset < 0) {
      // Jackson detected UTF-16/32 and reads characters, not bytes; WebSocket text is UTF-8 by definition
      throw new BadMessageException(BadMessageReason.INVALID_JSON, "JSON text must be UTF-8");
    }
    return (int) offset;
  }

  /**
   * Finds the closing quote of a string value from the start of the token after it: only whitespace and at most
   * one comma lie between the two, because the string is an object member.
   */
  private static int closingQuote(byte[] message, int nextToken) {
    int i = skipWhitespaceBackwards(message, nextToken - 1);
    if (i >= 0 && message[i] == ',') {
      i = skipWhitespaceBackwards(message, i - 1);
    }
    if (i < 0 || message[i] != '"') {
      throw new IllegalStateException("JSON parser location did not follow a string value");
    }
    return i;
  }

  private static int skipWhitespaceBackwards(byte[] message, int from) {
    int i = from;
    while (i >= 0 && (message[i] == ' ' || message[i] == '\n' || message[i] == '\r' || message[i] == '\t')) {
      i--;
    }
    return i;
  }
}
