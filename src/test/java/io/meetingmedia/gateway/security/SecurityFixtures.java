package io.meetingmedia.gateway.security;

import io.meetingmedia.gateway.config.SecretValue;
import io.meetingmedia.gateway.testing.RecallMessages;
import io.meetingmedia.gateway.testing.StandardWebhooks;
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
    return StandardWebhooks.sign(secret, id, timestamp);
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
    return RecallMessages.png(botId, participantId, "P" + participantId, "webcam", TestImages.png(64, 36, seed, false),
        seed * 0.5);
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
