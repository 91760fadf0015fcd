package io.meetingmedia.gateway.adapter.meetstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meetingmedia.gateway.adapter.support.JsonMessages;

/**
 * The answer to {@code video_latency_ping}, MeetStream's liveness check:
 * {@code {"type":"video_latency_pong","seq":…,"sent_at_ms":…,"server_received_at_ms":…,"bot_id":…}}. {@code seq}
 * and {@code sent_at_ms} are echoed as the JSON values received (a number stays the same number), so
 * MeetStream's own round-trip arithmetic is unaffected by the gateway.
 */
final class LatencyPong {
  private LatencyPong() {
  }

  /**
   * @param ping         the parsed ping
   * @param streamBotId  the bot id from {@code video_stream_start}, used when the ping has none; may be null
   * @param receivedAtMs when the gateway read the ping, epoch milliseconds
   * @return the pong text
   */
  static String answer(JsonNode ping, String streamBotId, long receivedAtMs) {
    ObjectNode pong = JsonMessages.MAPPER.createObjectNode();
    pong.put("type", "video_latency_pong");
    copy(ping, pong, "seq");
    copy(ping, pong, "sent_at_ms");
    pong.put("server_received_at_ms", receivedAtMs);
    JsonNode botId = ping.get("bot_id");
    if (botId != null && !botId.isNull()) {
      pong.set("bot_id", botId);
    } else if (streamBotId != null) {
      pong.put("bot_id", streamBotId);
    }
    try {
      return JsonMessages.MAPPER.writeValueAsString(pong);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a pong", e);
    }
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    JsonNode value = from.get(field);
    if (value != null) {
      to.set(field, value);
    }
  }
}
