package io.meetingmedia.gateway.adapter.recall;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.SessionOutput;
import io.meetingmedia.gateway.adapter.VendorSession;
import io.meetingmedia.gateway.adapter.support.JsonMessages;
import io.meetingmedia.gateway.adapter.support.PayloadJson;
import java.util.Map;
import java.util.Set;

/**
 * One Recall real-time endpoint connection: {@code {"event": "<name>", "data": {"data": {...}, "bot": {...},
 * "<resource>": {...}, ...}}}. The resource key next to {@code data.data} differs between Recall's docs and samples
 * ({@code audio_mixed} vs {@code audio_mixed_raw}), so only {@code data.data} and {@code data.bot} are read.
 */
final class RecallSession implements VendorSession {
  private static final Set<String> BASE64_FIELDS = Set.of(RecallMedia.BUFFER);
  /** What is read below: Recall's resource objects (recording, transcript, realtime_endpoint...) become no nodes. */
  private static final PayloadJson.Keep READ = PayloadJson.Keep.only(Map.of(
      "event", PayloadJson.Keep.ALL,
      "data", PayloadJson.Keep.only(Map.of(
          "data", PayloadJson.Keep.ALL,
          "bot", PayloadJson.Keep.only(Map.of("id", PayloadJson.Keep.ALL))))));

  private String botId;

  @Override
  public void onText(byte[] message, SessionOutput out) throws BadMessageException {
    JsonNode root = PayloadJson.parseObject(message, BASE64_FIELDS, READ);
    String event = JsonMessages.requireText(root, "event", "event");
    JsonNode data = JsonMessages.requireObject(root, "data", "data");
    JsonNode bot = JsonMessages.requireObject(data, "bot", "data.bot");
    botId = JsonMessages.requireText(bot, "id", "data.bot.id");
    switch (event) {
      case "video_separate_png.data":
        RecallMedia.png(botId, inner(data), out);
        break;
      case "video_separate_h264.data":
        RecallMedia.h264(botId, inner(data), out);
        break;
      case "audio_mixed_raw.data":
        RecallMedia.audio(botId, inner(data), false, out);
        break;
      case "audio_separate_raw.data":
        RecallMedia.audio(botId, inner(data), true, out);
        break;
      case "transcript.data":
        RecallEvents.transcript(RecallEvents.TRANSCRIPT_FINAL, botId, inner(data), out);
        break;
      case "transcript.partial_data":
        RecallEvents.transcript(RecallEvents.TRANSCRIPT_PARTIAL, botId, inner(data), out);
        break;
      default:
        String participantEvent = RecallEvents.participantEventType(event);
        if (participantEvent != null) {
          RecallEvents.participantEvent(participantEvent, botId, inner(data), out);
        } else {
          RecallEvents.vendorEvent(event, botId, data.get("data"), out);
        }
    }
  }

  private static JsonNode inner(JsonNode data) throws BadMessageException {
    return JsonMessages.requireObject(data, "data", "data.data");
  }

  @Override
  public void onBinary(byte[] message, SessionOutput out) throws BadMessageException {
    throw new BadMessageException(BadMessageReason.UNEXPECTED_BINARY,
        "Recall real-time endpoints send JSON text messages only");
  }

  @Override
  public String botId() {
    return botId;
  }
}
