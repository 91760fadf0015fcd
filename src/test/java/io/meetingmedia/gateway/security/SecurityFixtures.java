package io.meetingmedia.gateway.security;

import io.meetingmedia.gateway.config.SecretValue;
import io.meetingmedia.gateway.testing.TestImages;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Tenants, signed Recall headers, a valid Recall frame message and the metrics scrape, for the security ITs. */
final class SecurityFixtures {
  /** A Recall workspace verification secret in the form Recall shows it. */
  static final String RECALL_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
      "recall-workspace-secret-for-tests".getBytes(StandardCharsets.UTF_8));

  private SecurityFixtures() {
  }

  static String randomToken(String label) {
    return label + "-" + UUID.randomUUID().toString().replace("-", "");
  }

  static String sha256Hex(String token) {
    return HexFormat.of().formatHex(SecretValue.sha256(token.getBytes(StandardCharsets.UTF_8)));
  }

  static JsonObject tenant(String id, String... tokens) {
    return new JsonObject().put("id", id).put("tokens", new JsonArray(List.of((Object[]) tokens)));
  }

  /** Standard Webhooks signature entry for an upgrade (empty body), computed here independently. */
  static String signature(String secret, String id, long timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
      return "v1," + Base64.getEncoder().encodeToString(
          mac.doFinal((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return fresh, validly signed {@code webhook-*} headers */
  static MultiMap signedHeaders() {
    return signedHeaders("webhook", "msg_" + UUID.randomUUID(), System.currentTimeMillis() / 1000);
  }

  static MultiMap signedHeaders(String prefix, String id, long timestamp) {
    return MultiMap.caseInsensitiveMultiMap().add(prefix + "-id", id)
        .add(prefix + "-timestamp", Long.toString(timestamp))
        .add(prefix + "-signature", signature(RECALL_SECRET, id, timestamp));
  }

  /** A Recall {@code video_separate_png.data} message with a real small PNG. */
  static String pngMessage(String botId, int participantId, long seed) {
    byte[] png = TestImages.png(64, 36, seed, false);
    JsonObject participant = new JsonObject().put("id", participantId).put("name", "P" + participantId)
        .put("is_host", false).put("platform", "desktop").put("extra_data", new JsonObject());
    JsonObject inner = new JsonObject().put("buffer", Base64.getEncoder().encodeToString(png))
        .put("timestamp", new JsonObject().put("relative", seed * 0.5).put("absolute", "2026-10-06T08:10:00Z"))
        .put("type", "webcam").put("participant", participant);
    JsonObject data = new JsonObject().put("data", inner)
        .put("realtime_endpoint", new JsonObject().put("id", "re_1").put("metadata", new JsonObject()))
        .put("video_separate", new JsonObject().put("id", "vs_1").put("metadata", new JsonObject()))
        .put("recording", new JsonObject().put("id", "rec_1").put("metadata", new JsonObject()))
        .put("bot", new JsonObject().put("id", botId).put("metadata", new JsonObject()));
    return new JsonObject().put("event", "video_separate_png.data").put("data", data).encode();
  }

  static String scrape(int managementPort) {
    try {
      // HTTP/1.1: the JDK client's default h2c upgrade has been seen to stall on large scrapes
      return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + managementPort + "/metrics")).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String rejections(String reason) {
    return "gateway_handshake_rejections_total{reason=\"" + reason + "\"}";
  }
}
