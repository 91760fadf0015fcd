package io.meetingmedia.gateway.auth;

import io.meetingmedia.gateway.config.SecretValue;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the Standard Webhooks signature Recall puts on its WebSocket upgrade requests once a workspace verification
 * secret exists: {@code webhook-signature} holds space-separated {@code v1,<base64>} entries, each an HMAC-SHA256
 * keyed with the decoded secret over {@code <webhook-id>.<webhook-timestamp>.} (an upgrade has no body). Any one
 * matching entry is enough, which is how secret rotation works; legacy {@code svix-*} header names are accepted.
 *
 * <p>A signature is bound to its timestamp, which must be within the tenant's tolerance of the gateway clock, and a
 * request is accepted once: the pair (id, timestamp) is remembered until the timestamp expires. The pair, not the id
 * alone, is the replay key because Standard Webhooks senders keep the id when they re-deliver (with a fresh
 * timestamp and signature); an attacker cannot change the timestamp without the secret.
 */
public final class RecallSignatureVerifier {
  /** Why a signed upgrade was refused; the label is the metric reason. */
  public enum Outcome {
    VALID(null), MISSING("signature_missing"), INVALID("signature_invalid"), EXPIRED("signature_expired"),
    REPLAYED("signature_replayed");

    private final String reason;

    Outcome(String reason) {
      this.reason = reason;
    }

    /** @return the metric and log reason, {@code null} for {@link #VALID} */
    public String reason() {
      return reason;
    }
  }

  private static final int MAX_ID_LENGTH = 256;
  private static final int MAX_SIGNATURES = 16;

  private final ReplayCache replays;
  private final LongSupplier nowMillis;

  /**
   * @param replayCapacity accepted requests remembered for replay detection
   * @param nowMillis      wall clock
   */
  public RecallSignatureVerifier(int replayCapacity, LongSupplier nowMillis) {
    this.replays = new ReplayCache(replayCapacity);
    this.nowMillis = nowMillis;
  }

  /**
   * @param headers          upgrade request headers
   * @param key              decoded verification secret
   * @param toleranceSeconds allowed distance between the signed timestamp and now
   * @param scope            namespace of the replay key (the tenant), so tenants cannot collide
   * @return the outcome
   */
  public Outcome verify(MultiMap headers, SecretValue key, long toleranceSeconds, String scope) {
    String id = header(headers, "webhook-id", "svix-id");
    String timestamp = header(headers, "webhook-timestamp", "svix-timestamp");
    String signatures = header(headers, "webhook-signature", "svix-signature");
    if (id == null || timestamp == null || signatures == null) {
      return Outcome.MISSING;
    }
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH || !timestamp.matches("[0-9]{1,12}")) {
      return Outcome.INVALID;
    }
    long signedAt = Long.parseLong(timestamp);
    long now = nowMillis.getAsLong() / 1000;
    if (!signatureMatches(key, id, timestamp, signatures)) {
      return Outcome.INVALID;
    }
    if (Math.abs(now - signedAt) > toleranceSeconds) {
      return Outcome.EXPIRED;
    }
    if (!replays.firstSeen(scope + '\u0000' + id + '\u0000' + timestamp, signedAt + toleranceSeconds, now)) {
      return Outcome.REPLAYED;
    }
    return Outcome.VALID;
  }

  private static String header(MultiMap headers, String name, String legacyName) {
    String value = headers.get(name);
    return value != null ? value.trim() : headers.get(legacyName) == null ? null : headers.get(legacyName).trim();
  }

  private static boolean signatureMatches(SecretValue key, String id, String timestamp, String header) {
    byte[] expected = hmac(key, id + "." + timestamp + ".");
    boolean matched = false;
    String[] entries = header.split(" ");
    for (int i = 0; i < entries.length && i < MAX_SIGNATURES; i++) {
      String entry = entries[i];
      if (!entry.startsWith("v1,")) {
        continue;
      }
      byte[] presented;
      try {
        presented = Base64.getDecoder().decode(entry.substring(3));
      } catch (IllegalArgumentException e) {
        continue;
      }
      // every entry is compared, whether or not an earlier one matched
      matched |= MessageDigest.isEqual(expected, presented);
    }
    return matched;
  }

  /** @return HMAC-SHA256 of the UTF-8 bytes of {@code content} under {@code key} */
  static byte[] hmac(SecretValue key, String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** @return the number of accepted requests remembered for replay detection */
  int remembered() {
    return replays.size();
  }
}
