package io.meetingmedia.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meetingmedia.gateway.auth.RecallSignatureVerifier.Outcome;
import io.meetingmedia.gateway.config.SecretValue;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import io.meetingmedia.gateway.testing.StandardWebhooks;

class RecallSignatureVerifierTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final SecretValue KEY = SecretValue.of(Base64.getDecoder().decode(SECRET.substring(6)));
  private final AtomicLong now = new AtomicLong(1_731_705_121_000L);
  private final RecallSignatureVerifier verifier = new RecallSignatureVerifier(1000, now::get);

  /** Standard Webhooks signature over "id.timestamp." computed independently of the product code. */
  static String sign(String secret, String id, long timestamp) {
    return StandardWebhooks.sign(secret, id, timestamp);
  }

  static MultiMap headers(String prefix, String id, long ts, String signature) {
    return MultiMap.caseInsensitiveMultiMap().add(prefix + "-id", id).add(prefix + "-timestamp", Long.toString(ts))
        .add(prefix + "-signature", signature);
  }

  private long nowSec() {
    return now.get() / 1000;
  }

  @Test
  void acceptsValidSignatureOnceAndRefusesTheReplay() {
    MultiMap h = headers("webhook", "msg_1", nowSec(), sign(SECRET, "msg_1", nowSec()));
    assertEquals(Outcome.VALID, verifier.verify(h, KEY, 300, "acme"));
    assertEquals(Outcome.REPLAYED, verifier.verify(h, KEY, 300, "acme"));
    // the same id re-delivered with a fresh timestamp and signature is a new request
    now.addAndGet(3000);
    assertEquals(Outcome.VALID, verifier.verify(headers("webhook", "msg_1", nowSec(),
        sign(SECRET, "msg_1", nowSec())), KEY, 300, "acme"));
  }

  @Test
  void acceptsLegacySvixHeaderNames() {
    assertEquals(Outcome.VALID, verifier.verify(headers("svix", "msg_2", nowSec(), sign(SECRET, "msg_2", nowSec())),
        KEY, 300, "acme"));
  }

  @Test
  void acceptsAnyOneMatchingEntryOfSeveral() {
    String other = sign("whsec_" + Base64.getEncoder().encodeToString(new byte[24]), "msg_3", nowSec());
    String header = "v1,bm90LWEtc2lnbmF0dXJl v2,xyz " + other + " " + sign(SECRET, "msg_3", nowSec()) + " v1,@@@";
    assertEquals(Outcome.VALID, verifier.verify(headers("webhook", "msg_3", nowSec(), header), KEY, 300, "acme"));
  }

  @Test
  void refusesWrongSignatures() {
    long ts = nowSec();
    assertEquals(Outcome.INVALID, verifier.verify(headers("webhook", "msg_4", ts, sign(SECRET, "msg_5", ts)),
        KEY, 300, "acme"), "signed for another id");
    assertEquals(Outcome.INVALID, verifier.verify(headers("webhook", "msg_4", ts, sign(SECRET, "msg_4", ts + 1)),
        KEY, 300, "acme"), "signed for another timestamp");
    String otherSecret = "whsec_" + Base64.getEncoder().encodeToString("another-secret-of-24-byte".getBytes(
        StandardCharsets.UTF_8));
    assertEquals(Outcome.INVALID, verifier.verify(headers("webhook", "msg_4", ts, sign(otherSecret, "msg_4", ts)),
        KEY, 300, "acme"), "signed with another secret");
    assertEquals(Outcome.INVALID, verifier.verify(headers("webhook", "msg_4", ts, "v1,"), KEY, 300, "acme"));
    assertEquals(Outcome.INVALID, verifier.verify(MultiMap.caseInsensitiveMultiMap().add("webhook-id", "m")
        .add("webhook-timestamp", "soon").add("webhook-signature", sign(SECRET, "m", ts)), KEY, 300, "acme"));
  }

  @Test
  void refusesTimestampsOutsideTheTolerance() {
    long old = nowSec() - 301;
    assertEquals(Outcome.EXPIRED, verifier.verify(headers("webhook", "msg_6", old, sign(SECRET, "msg_6", old)),
        KEY, 300, "acme"));
    long future = nowSec() + 301;
    assertEquals(Outcome.EXPIRED, verifier.verify(headers("webhook", "msg_7", future,
        sign(SECRET, "msg_7", future)), KEY, 300, "acme"));
    long edge = nowSec() - 300;
    assertEquals(Outcome.VALID, verifier.verify(headers("webhook", "msg_8", edge, sign(SECRET, "msg_8", edge)),
        KEY, 300, "acme"));
  }

  @Test
  void refusesMissingHeaders() {
    assertEquals(Outcome.MISSING, verifier.verify(MultiMap.caseInsensitiveMultiMap(), KEY, 300, "acme"));
    assertEquals(Outcome.MISSING, verifier.verify(MultiMap.caseInsensitiveMultiMap().add("webhook-id", "m")
        .add("webhook-timestamp", "1"), KEY, 300, "acme"));
  }

  @Test
  void replayCacheForgetsExpiredEntriesAndStaysBounded() {
    RecallSignatureVerifier small = new RecallSignatureVerifier(3, now::get);
    for (int i = 0; i < 10; i++) {
      String id = "msg_" + i;
      assertEquals(Outcome.VALID, small.verify(headers("webhook", id, nowSec(), sign(SECRET, id, nowSec())),
          KEY, 300, "acme"));
    }
    assertEquals(3, small.remembered());
    now.addAndGet(301_000);
    assertEquals(Outcome.VALID, small.verify(headers("webhook", "late", nowSec(), sign(SECRET, "late", nowSec())),
        KEY, 300, "acme"));
    assertEquals(1, small.remembered(), "entries whose timestamp left the window are dropped");
  }
}
