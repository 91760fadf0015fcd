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

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Credentials and Recall signatures checked in the real handshake: each refusal is an HTTP status before any
 * upgrade, counted by reason. Tenant {@code acme} requires Recall signatures, tenant {@code beta} does not.
 */
@WithKafka
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

  @Test
  void accessLogRecordsTheStatusSentNotTheGatesDecision() throws Exception {
    ListAppender<ILoggingEvent> access = captureAccessLog();
    try {
      // a valid token but no Sec-WebSocket-Key: the gate admits it, Vert.x answers 400
      String probe = "probe-" + UUID.randomUUID();
      String statusLine;
      try (Socket socket = new Socket("127.0.0.1", gateway.ingestPort())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ingest/recall?token=" + BETA + "&probe=" + probe + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        statusLine = readLine(socket.getInputStream());
      }
      assertTrue(statusLine.startsWith("HTTP/1.1 400"), statusLine);
      String line = await().atMost(Duration.ofSeconds(10)).until(() -> accessLine(access, probe, "websocket handshake"),
          l -> l != null);
      assertTrue(line.contains("status=400"), line);
      assertTrue(line.contains("reason=invalid_upgrade"), line);
      assertTrue(line.contains("uri=/ingest/recall?token=[redacted]&probe=" + probe), line);
      assertTrue(SecurityFixtures.scrape(gateway.managementPort()).contains(rejections("invalid_upgrade")));

      // an upgrade that succeeds is logged as 101 and, once the socket has closed, with its close code
      String upgraded = "probe-" + UUID.randomUUID();
      try (WsClient client = WsClient.connect(gateway.ingestPort(), "/ingest/recall?token=" + BETA + "&probe="
          + upgraded)) {
        String accepted = await().atMost(Duration.ofSeconds(10))
            .until(() -> accessLine(access, upgraded, "websocket handshake"), l -> l != null);
        assertTrue(accepted.contains("status=101") && accepted.contains("tenant=beta"), accepted);
        assertTrue(!client.isClosed());
      }
      String closed = await().atMost(Duration.ofSeconds(10))
          .until(() -> accessLine(access, upgraded, "websocket closed"), l -> l != null);
      assertTrue(closed.contains("closeCode=1000"), closed);
    } finally {
      ((Logger) LoggerFactory.getLogger("io.meetingmedia.gateway.access")).detachAppender(access);
    }
  }

  @Test
  void unknownPathIsAnsweredWithoutListingTheRoutes() throws Exception {
    HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.ingestPort() + "/admin"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, response.statusCode());
    assertTrue(!response.body().contains("/ingest") && !response.body().contains("recall"), response.body());
  }

  private static ListAppender<ILoggingEvent> captureAccessLog() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger("io.meetingmedia.gateway.access")).addAppender(appender);
    return appender;
  }

  /** @return the access-log line with {@code message} whose URI holds {@code probe}, or {@code null} */
  private static String accessLine(ListAppender<ILoggingEvent> appender, String probe, String message) {
    List<ILoggingEvent> events;
    synchronized (appender) {
      events = new ArrayList<>(appender.list);
    }
    for (ILoggingEvent e : events) {
      StringBuilder text = new StringBuilder(e.getFormattedMessage());
      if (e.getKeyValuePairs() != null) {
        e.getKeyValuePairs().forEach(kv -> text.append(' ').append(kv.key).append('=').append(kv.value));
      }
      if (e.getFormattedMessage().equals(message) && text.indexOf(probe) >= 0) {
        return text.toString();
      }
    }
    return null;
  }

  private static String readLine(InputStream in) throws Exception {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      line.append((char) b);
    }
    return line.toString().trim();
  }
}
