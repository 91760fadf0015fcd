package io.meetingmedia.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.util.Base64;

/** Recall.ai real-time endpoint messages exactly as protocols.md §2.3 shows them. */
public final class RecallMessages {
  private RecallMessages() {
  }

  /** @return a {@code video_separate_png.data} message */
  public static String png(String botId, int participantId, String name, String source, byte[] png, double relative) {
    JsonObject participant = new JsonObject().put("id", participantId).put("name", name).put("is_host", true)
        .put("platform", "desktop").put("extra_data", new JsonObject());
    JsonObject inner = new JsonObject().put("buffer", Base64.getEncoder().encodeToString(png))
        .put("timestamp", new JsonObject().put("relative", relative).put("absolute", "2026-10-06T08:10:00Z"))
        .put("type", source).put("participant", participant);
    JsonObject data = new JsonObject().put("data", inner)
        .put("realtime_endpoint", new JsonObject().put("id", "re_1").put("metadata", new JsonObject()))
        .put("video_separate", new JsonObject().put("id", "vs_1").put("metadata", new JsonObject()))
        .put("recording", new JsonObject().put("id", "rec_1").put("metadata", new JsonObject()))
        .put("bot", new JsonObject().put("id", botId).put("metadata", new JsonObject()));
    return new JsonObject().put("event", "video_separate_png.data").put("data", data).encode();
  }
}
