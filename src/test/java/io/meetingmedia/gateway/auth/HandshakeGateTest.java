package io.meetingmedia.gateway.auth;

import static io.meetingmedia.gateway.auth.RecallSignatureVerifierTest.SECRET;
import static io.meetingmedia.gateway.auth.RecallSignatureVerifierTest.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.metrics.GatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every decision of the gate, without a socket: status, reason, tenant and the rejection counter. */
class HandshakeGateTest {
  static final String TOKEN_A = "tenant-a-token-0123456789";
  static final String TOKEN_B = "tenant-b-token-0123456789";
  private final AtomicLong now = new AtomicLong(1_731_705_121_000L);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private HandshakeGate gate(JsonArray tenants, JsonObject limits) {
    JsonObject json = new JsonObject().put("tenants", tenants).put("limits", limits);
    GatewayConfig config = GatewayConfig.fromJson(json, Set.of("recall", "attendee"));
    return new HandshakeGate(config, new GatewayMetrics(registry), now::get);
  }

  private HandshakeGate twoTenants() {
    return gate(new JsonArray()
        .add(new JsonObject().put("id", "a").put("tokens", new JsonArray().add(TOKEN_A))
            .put("recall", new JsonObject().put("verificationSecret", SECRET)))
        .add(new JsonObject().put("id", "b").put("tokens", new JsonArray().add(TOKEN_B))
            .put("vendors", new JsonArray().add("attendee"))),
        new JsonObject().put("authFailuresPerMinute", 3));
  }

  static HandshakeRequest request(String uri, String vendor, MultiMap headers, String host) {
    return new HandshakeRequest(uri, vendor, headers, host + ":40000", host);
  }

  private MultiMap signed(String id) {
    long ts = now.get() / 1000;
    return RecallSignatureVerifierTest.headers("webhook", id, ts, sign(SECRET, id, ts));
  }

  private double rejections(String reason) {
    var counter = registry.find("gateway_handshake_rejections").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private static void assertDecision(int status, String reason, String tenant, Admission a) {
    assertEquals(status, a.status());
    assertEquals(reason, a.reason());
    assertEquals(tenant, a.tenant());
  }

  @Test
  void tokenInQueryOrBearerHeaderBindsTheTenant() {
    HandshakeGate gate = twoTenants();
    assertDecision(101, null, "b", gate.admit(request("/ingest/attendee?token=" + TOKEN_B, "attendee",
        MultiMap.caseInsensitiveMultiMap(), "10.0.0.1"), false));
    assertDecision(101, null, "b", gate.admit(request("/ingest/attendee", "attendee",
        MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + TOKEN_B), "10.0.0.1"), false));
    assertDecision(101, null, "a", gate.admit(request("/ingest/recall?token=" + TOKEN_A, "recall", signed("m1"),
        "10.0.0.1"), false));
  }

  @Test
  void refusalsCarryStatusAndReasonAndAreCounted() {
    HandshakeGate gate = twoTenants();
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    assertDecision(404, "unknown_path", null, gate.admit(request("/nope?token=" + TOKEN_A, null, none, "h1"), false));
    assertDecision(503, "shutting_down", null, gate.admit(request("/ingest/recall", "recall", none, "h1"), true));
    assertDecision(401, "token_missing", null, gate.admit(request("/ingest/recall", "recall", none, "h2"), false));
    assertDecision(401, "token_invalid", null, gate.admit(request("/ingest/recall?token=" + TOKEN_A + "x", "recall",
        signed("m2"), "h3"), false));
    assertDecision(401, "token_missing", null, gate.admit(request("/ingest/recall", "recall",
        MultiMap.caseInsensitiveMultiMap().add("Authorization", "Basic " + TOKEN_A), "h4"), false));
    assertDecision(403, "vendor_forbidden", "b", gate.admit(request("/ingest/recall?token=" + TOKEN_B, "recall",
        none, "h5"), false));
    assertDecision(401, "signature_missing", "a", gate.admit(request("/ingest/recall?token=" + TOKEN_A, "recall",
        none, "h6"), false));
    MultiMap replay = signed("m3");
    assertDecision(101, null, "a", gate.admit(request("/ingest/recall?token=" + TOKEN_A, "recall", replay, "h7"),
        false));
    assertDecision(401, "signature_replayed", "a", gate.admit(request("/ingest/recall?token=" + TOKEN_A, "recall",
        replay, "h7"), false));
    assertEquals(2, rejections("token_missing"));
    assertEquals(1, rejections("vendor_forbidden"));
    assertEquals(1, rejections("signature_replayed"));
  }

  @Test
  void undecodableQueryCountsAsNoToken() {
    HandshakeGate gate = twoTenants();
    assertDecision(401, "token_missing", null, gate.admit(request("/ingest/attendee?token=%zz" + TOKEN_B, "attendee",
        MultiMap.caseInsensitiveMultiMap(), "h"), false));
    assertDecision(101, null, "b", gate.admit(request("/ingest/attendee?token=%zz", "attendee",
        MultiMap.caseInsensitiveMultiMap().add("authorization", "bearer " + TOKEN_B), "h"), false));
  }

  @Test
  void recallSignatureIsNotRequiredOnOtherVendorRoutes() {
    HandshakeGate gate = gate(new JsonArray().add(new JsonObject().put("id", "a")
        .put("tokens", new JsonArray().add(TOKEN_A)).put("recall", new JsonObject().put("verificationSecret", SECRET))),
        new JsonObject());
    assertDecision(101, null, "a", gate.admit(request("/ingest/attendee?token=" + TOKEN_A, "attendee",
        MultiMap.caseInsensitiveMultiMap(), "h"), false));
    assertTrue(HandshakeGate.signedByRecall("recall-legacy"));
  }

  @Test
  void tooManyFailuresFromOneAddressGet429EvenWithAValidToken() {
    HandshakeGate gate = twoTenants();
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < 3; i++) {
      assertEquals(401, gate.admit(request("/ingest/attendee?token=guess" + i, "attendee", none, "6.6.6.6"), false)
          .status());
    }
    assertDecision(429, "auth_rate_limited", null, gate.admit(request("/ingest/attendee?token=" + TOKEN_B,
        "attendee", none, "6.6.6.6"), false));
    assertEquals(101, gate.admit(request("/ingest/attendee?token=" + TOKEN_B, "attendee", none, "7.7.7.7"), false)
        .status(), "other addresses still get in");
    now.addAndGet(60_000);
    assertEquals(101, gate.admit(request("/ingest/attendee?token=" + TOKEN_B, "attendee", none, "6.6.6.6"), false)
        .status(), "after the cool-down");
  }

  @Test
  void forwardedClientAddressIsUsedOnlyWhenConfigured() {
    HandshakeGate gate = gate(new JsonArray().add(new JsonObject().put("id", "b")
        .put("tokens", new JsonArray().add(TOKEN_B))),
        new JsonObject().put("authFailuresPerMinute", 1).put("clientAddressHeader", "X-Forwarded-For"));
    MultiMap viaProxy = MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-For", "1.2.3.4, 5.5.5.5");
    assertEquals(401, gate.admit(request("/ingest/recall?token=bad", "recall", viaProxy, "10.0.0.9"), false).status());
    assertEquals(429, gate.admit(request("/ingest/recall?token=" + TOKEN_B, "recall",
        MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-For", "9.9.9.9, 5.5.5.5"), "10.0.0.9"), false).status(),
        "the last hop, added by the trusted proxy, is the client");
    assertEquals(101, gate.admit(request("/ingest/recall?token=" + TOKEN_B, "recall",
        MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-For", "5.5.5.6"), "10.0.0.9"), false).status());
  }

  @Test
  void connectionSlotsAreHeldUntilReleased() {
    HandshakeGate gate = gate(new JsonArray()
        .add(new JsonObject().put("id", "a").put("tokens", new JsonArray().add(TOKEN_A)).put("maxConnections", 1))
        .add(new JsonObject().put("id", "b").put("tokens", new JsonArray().add(TOKEN_B))),
        new JsonObject().put("maxConnections", 2));
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    Admission first = gate.admit(request("/ingest/attendee?token=" + TOKEN_A, "attendee", none, "h"), false);
    assertEquals(101, first.status());
    assertDecision(503, "tenant_connection_limit", "a", gate.admit(request("/ingest/attendee?token=" + TOKEN_A,
        "attendee", none, "h"), false));
    assertEquals(101, gate.admit(request("/ingest/attendee?token=" + TOKEN_B, "attendee", none, "h"), false).status());
    assertDecision(503, "connection_limit", "b", gate.admit(request("/ingest/attendee?token=" + TOKEN_B,
        "attendee", none, "h"), false));
    first.release();
    first.release();
    assertEquals(101, gate.admit(request("/ingest/attendee?token=" + TOKEN_B, "attendee", none, "h"), false).status());
    assertEquals(503, gate.admit(request("/ingest/attendee?token=" + TOKEN_A, "attendee", none, "h"), false).status(),
        "a double release frees one slot only");
  }

  @Test
  void withoutTenantsEveryoneIsTheDefaultTenant() {
    HandshakeGate gate = gate(new JsonArray(), new JsonObject());
    Admission a = gate.admit(request("/ingest/recall", "recall", MultiMap.caseInsensitiveMultiMap(), "h"), false);
    assertDecision(101, null, HandshakeGate.DEFAULT_TENANT, a);
    assertNull(registry.find("gateway_handshake_rejections").counter());
  }
}
