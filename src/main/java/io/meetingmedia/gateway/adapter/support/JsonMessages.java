package io.meetingmedia.gateway.adapter.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import java.io.IOException;
import java.util.Base64;

/**
 * Shared strict readers for vendor JSON, so every adapter answers malformed input with the same reasons. Parses
 * straight from the message bytes: no intermediate {@code String} of a multi-megabyte message.
 */
public final class JsonMessages {
  /**
   * One mapper for the adapters; Jackson mappers are thread-safe once configured. Doubles are read and written with
   * Jackson's fast algorithms (FastDoubleParser, Schubfach) instead of JDK 17's older ones: the same values, and the
   * text Java 19+ writes, i.e. what the image's runtime wrote anyway; even so, the 14 timestamps of a transcript are
   * a tenth of its cost. Object nodes keep their members in a {@link SmallObjectMap}.
   */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
      .nodeFactory(SmallNodeFactory.INSTANCE)
      .build();

  private JsonMessages() {
  }

  /** Parses a JSON object, or fails with {@code invalid_json} / {@code wrong_shape}. */
  public static JsonNode parseObject(byte[] message) throws BadMessageException {
    JsonNode node;
    try {
      node = MAPPER.readTree(message);
    } catch (JsonProcessingException e) {
      throw new BadMessageException(BadMessageReason.INVALID_JSON,
          "not valid JSON at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw new BadMessageException(BadMessageReason.INVALID_JSON, "not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "expected a JSON object");
    }
    return node;
  }

  /** @return the object at {@code field}, or fails with {@code wrong_shape} naming the path */
  public static JsonNode requireObject(JsonNode node, String field, String path) throws BadMessageException {
    JsonNode child = node.get(field);
    if (child == null || !child.isObject()) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "'" + path + "' must be an object");
    }
    return child;
  }

  /** @return the non-empty string at {@code field}, or fails with {@code wrong_shape} naming the path */
  public static String requireText(JsonNode node, String field, String path) throws BadMessageException {
    JsonNode child = node.get(field);
    if (child == null || !child.isTextual() || child.textValue().isEmpty()) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "'" + path + "' must be a non-empty string");
    }
    return child.textValue();
  }

  /**
   * Reads an id that vendors send as a number in one place and a string in another.
   *
   * @return the id as a string, or fails with {@code wrong_shape}
   */
  public static String requireId(JsonNode node, String field, String path) throws BadMessageException {
    JsonNode child = node.get(field);
    if (child != null && child.isIntegralNumber()) {
      return child.asText();
    }
    if (child != null && child.isTextual() && !child.textValue().isEmpty()) {
      return child.textValue();
    }
    throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "'" + path + "' must be a string or an integer");
  }

  /** @return the string at {@code field}, or {@code null} when absent or null */
  public static String optionalText(JsonNode node, String field) {
    JsonNode child = node == null ? null : node.get(field);
    return child != null && child.isTextual() ? child.textValue() : null;
  }

  /** Decodes standard base64, or fails with {@code invalid_base64} naming the field. */
  public static byte[] decodeBase64(String value, String path) throws BadMessageException {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new BadMessageException(BadMessageReason.INVALID_BASE64, "'" + path + "' is not valid base64");
    }
  }
}
