package io.meetingmedia.gateway.security;

import static io.meetingmedia.gateway.security.SecurityFixtures.RECALL_SECRET;
import static io.meetingmedia.gateway.security.SecurityFixtures.randomToken;
import static io.meetingmedia.gateway.security.SecurityFixtures.rejections;
import static io.meetingmedia.gateway.security.SecurityFixtures.signature;
import static io.meetingmedia.gateway.security.SecurityFixtures.signedHeaders;
import static io.meetingmedia.gateway.security.SecurityFixtures.tenant;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.GatewayIT;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Credentials and Recall signatures checked in the real handshake: each refusal is an HTTP status before any
 * upgrade, counted by reason. Tenant {@code acme} requires Recall signatures, tenant {@code beta} does not.
 */
@GatewayIT
class HandshakeAuthenticationIT {
  static final String LITERAL = randomToken("acme-literal");
  static final String HASHED = randomToken("acme-hashed");
  static final String FROM_FILE = randomToken("acme-file");
  static final String BETA = randomToken("beta");
  static final String MEETSTREAM_ONLY = randomToken("gamma");
  static TestGateway gateway;

  @BeforeAll
  static void start(KafkaCluster kafka) throws Exception {
    Path tokenFile = Files.createTempFile("acme-token", ".txt");
    Files.writeString(tokenFile, FROM_FILE + "\n");
    gateway = TestGateway.start(kafka, json -> json
        .put("tenants", new JsonArray()
            .add(tenant("acme", LITERAL, "sha256:" + SecurityFixtures.sha256Hex(HASHED), "${file:" + tokenFile + "}")
                .put("recall", new JsonObject().put("verificationSecret", RECALL_SECRET).put("toleranceSeconds", 300)))
            .add(tenant("beta", BETA))
            .add(tenant("gamma", MEETSTREAM_ONLY).put("vendors", new JsonArray().add("meetstream"))))
        // this class makes many failed attempts from one address on purpose
        .put("limits", new JsonObject().put("authFailuresPerMinute", 1000)));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static int status(String uri, MultiMap headers) {
    return WsClient.upgradeStatus(gateway.ingestPort(), uri, headers);
  }

  private static MultiMap none() {
    return MultiMap.caseInsensitiveMultiMap();
  }

  @Test
  void missingWrongAndUnknownTokensGet401() {
    assertEquals(401, status("/ingest/recall", none()));
    assertEquals(401, status("/ingest/recall?token=", none()));
    assertEquals(401, status("/ingest/recall?token=" + randomToken("guess"), signedHeaders()));
    assertEquals(401, status("/ingest/recall?token=" + LITERAL.substring(0, LITERAL.length() - 1), signedHeaders()));
    assertEquals(401, status("/ingest/recall?token=" + SecurityFixtures.sha256Hex(HASHED), signedHeaders()),
        "the configured digest is not a credential");
    assertEquals(401, status("/ingest/recall", MultiMap.caseInsensitiveMultiMap()
        .add("Authorization", "Bearer " + randomToken("guess"))));
    assertEquals(404, status("/ingest/zoom?token=" + BETA, none()));
    String metrics = SecurityFixtures.scrape(gateway.managementPort());
    assertTrue(metrics.contains(rejections("token_missing")), metrics);
    assertTrue(metrics.contains(rejections("token_invalid")), metrics);
  }

  @Test
  void literalHashedFileAndBearerTokensAreAccepted() {
    assertEquals(101, status("/ingest/recall?token=" + LITERAL, signedHeaders()));
    assertEquals(101, status("/ingest/recall?token=" + HASHED, signedHeaders()));
    assertEquals(101, status("/ingest/recall/?token=" + FROM_FILE, signedHeaders()));
    assertEquals(101, status("/ingest/recall", signedHeaders().add("Authorization", "Bearer " + HASHED)));
    assertEquals(101, status("/ingest/recall?token=" + BETA, none()), "beta has no Recall secret");
  }

  @Test
  void vendorNotAllowedForTheTenantGets403() {
    assertEquals(403, status("/ingest/recall?token=" + MEETSTREAM_ONLY, none()));
    assertEquals(403, status("/ingest/recall-legacy?token=" + MEETSTREAM_ONLY, none()));
    assertEquals(101, status("/ingest/meetstream?token=" + MEETSTREAM_ONLY, none()));
    assertTrue(SecurityFixtures.scrape(gateway.managementPort()).contains(rejections("vendor_forbidden") + " 2.0"));
  }

  @Test
  void badExpiredAndReplayedRecallSignaturesGet401() {
    String uri = "/ingest/recall?token=" + LITERAL;
    assertEquals(401, status(uri, none()));
    long now = System.currentTimeMillis() / 1000;
    String id = "msg_" + UUID.randomUUID();
    MultiMap forged = MultiMap.caseInsensitiveMultiMap().add("webhook-id", id).add("webhook-timestamp",
        Long.toString(now)).add("webhook-signature", signature(RECALL_SECRET, "msg_other", now));
    assertEquals(401, status(uri, forged));
    assertEquals(401, status(uri, signedHeaders("webhook", "msg_" + UUID.randomUUID(), now - 600)));
    MultiMap once = signedHeaders();
    assertEquals(101, status(uri, once));
    assertEquals(401, status(uri, once));
    String metrics = SecurityFixtures.scrape(gateway.managementPort());
    for (String reason : new String[] {"signature_missing", "signature_invalid", "signature_expired",
        "signature_replayed"}) {
      assertTrue(metrics.contains(rejections(reason)), reason + "\n" + metrics);
    }
  }

  @Test
  void multiSignatureHeaderWithOneValidEntryAndLegacySvixNamesAreAccepted() {
    String uri = "/ingest/recall?token=" + LITERAL;
    long now = System.currentTimeMillis() / 1000;
    String id = "msg_" + UUID.randomUUID();
    String rotated = "v1,c29tZS1vbGQtc2lnbmF0dXJlLXZhbHVlLTAwMDAwMDAwMA== " + signature(RECALL_SECRET, id, now);
    assertEquals(101, status(uri, MultiMap.caseInsensitiveMultiMap().add("webhook-id", id)
        .add("webhook-timestamp", Long.toString(now)).add("webhook-signature", rotated)));
    assertEquals(101, status(uri, signedHeaders("svix", "msg_" + UUID.randomUUID(), now)));
  }

  @Test
  void rotationAcceptsOldAndNewTokenAndRevocationRefusesTheOld(KafkaCluster kafka) {
    String old = randomToken("old");
    String next = randomToken("next");
    try (TestGateway rotating = TestGateway.start(kafka, json -> json.put("tenants", new JsonArray()
        .add(tenant("rot", "sha256:" + SecurityFixtures.sha256Hex(old), "sha256:" + SecurityFixtures.sha256Hex(next)))))) {
      assertEquals(101, WsClient.upgradeStatus(rotating.ingestPort(), "/ingest/recall?token=" + old, none()));
      assertEquals(101, WsClient.upgradeStatus(rotating.ingestPort(), "/ingest/recall?token=" + next, none()));
    }
    try (TestGateway revoked = TestGateway.start(kafka, json -> json.put("tenants", new JsonArray()
        .add(tenant("rot", "sha256:" + SecurityFixtures.sha256Hex(next)))))) {
      assertEquals(401, WsClient.upgradeStatus(revoked.ingestPort(), "/ingest/recall?token=" + old, none()));
      assertEquals(101, WsClient.upgradeStatus(revoked.ingestPort(), "/ingest/recall?token=" + next, none()));
    }
  }

  @Test
  void acceptedConnectionIsBoundToTheTokensTenant() {
    try (WsClient client = WsClient.connect(gateway.ingestPort(), "/ingest/recall?token=" + BETA + "&tenant=acme")) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        String metrics = SecurityFixtures.scrape(gateway.managementPort());
        assertTrue(metrics.contains("gateway_connections_open{tenant=\"beta\",vendor=\"recall\"} 1.0"), metrics);
      });
      assertTrue(!client.isClosed());
    }
  }
}
