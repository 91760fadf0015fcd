package io.meetingmedia.gateway.adapter.meetstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.support.JsonMessages;
import java.io.IOException;

/**
 * Parses MeetStream's JSON control messages keeping every number exactly as written (decimals as
 * {@link java.math.BigDecimal}, trailing zeros included), because the latency pong must echo {@code seq} and
 * {@code sent_at_ms} unchanged; the shared reader would turn a fractional number into a {@code double}.
 */
final class ControlJson {
  private static final ObjectReader READER = JsonMessages.MAPPER.reader()
      .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .with(JsonNodeFactory.withExactBigDecimals(true));

  private ControlJson() {
  }

  /** Parses a JSON object, or fails with {@code invalid_json} / {@code wrong_shape} like the shared reader. */
  static JsonNode parse(byte[] message) throws BadMessageException {
    JsonNode node;
    try {
      node = READER.readTree(message);
    } catch (JsonProcessingException e) {
      throw new BadMessageException(BadMessageReason.INVALID_JSON, e.getLocation() == null ? "not valid JSON"
          : "not valid JSON at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw new BadMessageException(BadMessageReason.INVALID_JSON, "not valid JSON");
    } catch (NumberFormatException e) {
      // Jackson refuses numbers beyond its limits (e.g. a 40-digit exponent) with an unchecked exception
      throw new BadMessageException(BadMessageReason.INVALID_JSON, "a number in the message is out of range");
    }
    if (node == null || !node.isObject()) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "expected a JSON object");
    }
    return node;
  }
}
