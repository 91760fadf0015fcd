package io.meetingmedia.gateway.security;

import static io.meetingmedia.gateway.security.SecurityFixtures.randomToken;
import static io.meetingmedia.gateway.security.SecurityFixtures.rejections;
import static io.meetingmedia.gateway.security.SecurityFixtures.tenant;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Connection limits, the failed-authentication limit, and the handshake and idle timeouts, on a real gateway. */
@WithKafka
class AbuseLimitsIT {
  static final String TOKEN_A = randomToken("a");
  static final String TOKEN_B = randomToken("b");

  private static int status(TestGateway gw, String token) {
    return WsClient.upgradeStatus(gw.ingestPort(), "/ingest/recall?token=" + token, MultiMap.caseInsensitiveMultiMap());
  }

  @Test
  void connectionLimitsPerTenantAndInTotalAnswer503(KafkaCluster kafka) {
    try (TestGateway gw = TestGateway.start(kafka, json -> json
        .put("tenants", new JsonArray().add(tenant("a", TOKEN_A).put("maxConnections", 1)).add(tenant("b", TOKEN_B)))
        .put("limits", new JsonObject().put("maxConnections", 2)))) {
      try (WsClient a1 = WsClient.connect(gw.ingestPort(), "/ingest/recall?token=" + TOKEN_A)) {
        assertEquals(503, status(gw, TOKEN_A), "tenant a holds its only slot");
        try (WsClient b1 = WsClient.connect(gw.ingestPort(), "/ingest/recall?token=" + TOKEN_B)) {
          assertEquals(503, status(gw, TOKEN_B), "two connections in total");
          assertFalse(a1.isClosed() || b1.isClosed());
        }
      }
      // the slots come back once the connections are finished
      await().atMost(Duration.ofSeconds(10)).until(() -> status(gw, TOKEN_A) == 101);
      assertEquals(101, status(gw, TOKEN_B));
      String metrics = SecurityFixtures.scrape(gw.managementPort());
      assertTrue(metrics.contains(rejections("tenant_connection_limit") + " 1.0"), metrics);
      assertTrue(metrics.contains(rejections("connection_limit") + " 1.0"), metrics);
    }
  }

  @Test
  void repeatedFailedAuthenticationsFromOneAddressGet429(KafkaCluster kafka) {
    try (TestGateway gw = TestGateway.start(kafka, json -> json
        .put("tenants", new JsonArray().add(tenant("a", TOKEN_A)))
        .put("limits", new JsonObject().put("authFailuresPerMinute", 3).put("authBlockSeconds", 600)))) {
      assertEquals(101, status(gw, TOKEN_A));
      for (int i = 0; i < 3; i++) {
        assertEquals(401, status(gw, randomToken("guess")));
      }
      assertEquals(429, status(gw, randomToken("guess")));
      assertEquals(429, status(gw, TOKEN_A), "even the right token waits for the cool-down");
      String metrics = SecurityFixtures.scrape(gw.managementPort());
      assertTrue(metrics.contains(rejections("auth_rate_limited") + " 2.0"), metrics);
      assertTrue(metrics.contains("gateway_auth_blocked_addresses 1.0"), metrics);
    }
  }

  @Test
  void silentSocketIsClosedAfterTheIdleTimeoutWhileAnActiveOneStays(KafkaCluster kafka) {
    try (TestGateway gw = TestGateway.start(kafka, json -> json
        .put("ingest", json.getJsonObject("ingest").put("pingIntervalSeconds", 1))
        .put("limits", new JsonObject().put("idleTimeoutSeconds", 2)));
         WsClient silent = WsClient.connect(gw.ingestPort(), "/ingest/recall");
         WsClient active = WsClient.connect(gw.ingestPort(), "/ingest/recall")) {
      AtomicInteger sent = new AtomicInteger();
      // the active client sends a frame at every poll; the silent one only answers the gateway's pings
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
        active.sendText(SecurityFixtures.pngMessage("bot-idle", 1, sent.incrementAndGet()));
        return silent.isClosed();
      });
      WsClient.Close close = silent.awaitClose(Duration.ofSeconds(1));
      assertEquals((short) 1001, close.code());
      assertEquals("idle timeout", close.reason());
      assertTrue(sent.get() >= 5, "the active socket sent for longer than the idle timeout: " + sent.get());
      assertFalse(active.isClosed());
      assertTrue(SecurityFixtures.scrape(gw.managementPort())
          .contains("gateway_idle_timeouts_total{vendor=\"recall\"} 1.0"));
    }
  }

  @Test
  void connectionsThatDoNotUpgradeInTimeAreClosed(KafkaCluster kafka) throws Exception {
    try (TestGateway gw = TestGateway.start(kafka, json -> json
        .put("limits", new JsonObject().put("handshakeTimeoutSeconds", 1)));
         WsClient upgraded = WsClient.connect(gw.ingestPort(), "/ingest/recall");
         Socket silent = new Socket("127.0.0.1", gw.ingestPort());
         Socket slow = new Socket("127.0.0.1", gw.ingestPort())) {
      silent.setSoTimeout(10_000);
      slow.setSoTimeout(10_000);
      OutputStream out = slow.getOutputStream();
      out.write("GET /ingest/recall HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();
      assertEquals(-1, readUntilClosed(silent.getInputStream()), "silent TCP connection closed");
      assertEquals(-1, readUntilClosed(slow.getInputStream()), "connection with unfinished headers closed");
      assertTrue(System.nanoTime() - start < 9_000_000_000L);
      // the upgraded socket was connected first, so its timer would have fired first had the upgrade not stopped it
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !upgraded.isClosed());
      upgraded.sendText(SecurityFixtures.pngMessage("bot-hs", 1, 1));
      assertTrue(SecurityFixtures.scrape(gw.managementPort()).contains("gateway_handshake_timeouts_total 2.0"));
    }
  }

  private static int readUntilClosed(InputStream in) throws Exception {
    int b;
    do {
      b = in.read();
    } while (b >= 0);
    return b;
  }
}
