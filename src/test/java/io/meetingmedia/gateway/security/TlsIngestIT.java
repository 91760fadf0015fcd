package io.meetingmedia.gateway.security;

import static io.meetingmedia.gateway.security.SecurityFixtures.randomToken;
import static io.meetingmedia.gateway.security.SecurityFixtures.tenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The ingest listener serving {@code wss://} from PEM files named in the configuration: a certificate and key made
 * in the test, a client that trusts exactly that certificate, and the frame read back from Kafka.
 */
@WithKafka
class TlsIngestIT {
  static final String TOKEN = randomToken("tls");

  @Test
  void wssConnectionFromPemFilesDeliversToKafka(KafkaCluster kafka) throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    try (TestGateway gw = TestGateway.start(kafka, json -> json
        .put("tls", new JsonObject().put("certPath", cert.certificatePath()).put("keyPath", cert.privateKeyPath()))
        .put("tenants", new JsonArray().add(tenant("secure", TOKEN))))) {
      Vertx vertx = Vertx.vertx();
      try {
        WebSocketClient trusting = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true)
            .setTrustOptions(cert.trustOptions())
            // the certificate is for "localhost" and the gateway listens on 127.0.0.1
            .setVerifyHost(false));
        WebSocket ws = trusting.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gw.ingestPort())
            .setURI("/ingest/recall?token=" + TOKEN)).toCompletionStage().toCompletableFuture()
            .get(15, TimeUnit.SECONDS);
        assertTrue(ws.isSsl());
        ws.writeTextMessage(SecurityFixtures.pngMessage("bot-tls", 7, 1)).toCompletionStage().toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
        try (TopicReader reader = new TopicReader(kafka, gw.topics().videoFrames())) {
          List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(1, Duration.ofSeconds(30));
          assertEquals("bot-tls:7", records.get(0).key());
          assertEquals("secure", TopicReader.header(records.get(0), "ce_tenant"));
        }
        ws.close();

        // a client that does not trust the certificate never gets to the upgrade
        WebSocketClient untrusting = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true));
        ExecutionException refused = assertThrows(ExecutionException.class, () -> untrusting.connect(
            new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gw.ingestPort())
                .setURI("/ingest/recall?token=" + TOKEN)).toCompletionStage().toCompletableFuture()
            .get(15, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof SSLHandshakeException, refused.getCause().toString());
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      // plain ws:// to the TLS port is dropped without an HTTP answer
      assertEquals(-1, WsClient.upgradeStatus(gw.ingestPort(), "/ingest/recall?token=" + TOKEN,
          MultiMap.caseInsensitiveMultiMap()));
    }
  }

  /**
   * One clock from TCP accept to the upgrade, TLS included: a client that takes most of the budget to start TLS and
   * then sends half a request line is closed when the budget is spent, not a whole budget after TLS finished.
   */
  @Test
  void tlsTimeCountsTowardTheHandshakeTimeout(KafkaCluster kafka) throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    long budgetMillis = 3000;
    long tlsDelayMillis = 2200;
    try (TestGateway gw = TestGateway.start(kafka, json -> json
        .put("tls", new JsonObject().put("certPath", cert.certificatePath()).put("keyPath", cert.privateKeyPath()))
        .put("limits", new JsonObject().put("handshakeTimeoutSeconds", budgetMillis / 1000)))) {
      long accepted = System.nanoTime();
      try (Socket tcp = new Socket("127.0.0.1", gw.ingestPort())) {
        // the slow client's behaviour under test (not a synchronisation): TLS starts late in the budget
        Thread.sleep(tlsDelayMillis);
        SSLSocket tls = (SSLSocket) trustingContext().getSocketFactory().createSocket(tcp, "localhost",
            gw.ingestPort(), true);
        tls.setSoTimeout(15_000);
        tls.startHandshake();
        OutputStream out = tls.getOutputStream();
        out.write("GET /ingest/recall HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertEquals(-1, readUntilClosed(tls.getInputStream()));
      }
      long closedAfterMillis = (System.nanoTime() - accepted) / 1_000_000;
      // closed at the end of the one budget; two clocks one after the other would close at delay + budget (5.2 s)
      assertTrue(closedAfterMillis >= budgetMillis - 300, "closed after " + closedAfterMillis + " ms");
      assertTrue(closedAfterMillis < tlsDelayMillis + budgetMillis - 1000, "closed after " + closedAfterMillis
          + " ms: the TLS time was not counted");

      // a client that never starts TLS is cut off by the same budget, and counted as a handshake timeout
      long silentStart = System.nanoTime();
      try (Socket silent = new Socket("127.0.0.1", gw.ingestPort())) {
        silent.setSoTimeout(15_000);
        assertEquals(-1, readUntilClosed(silent.getInputStream()));
      }
      long silentMillis = (System.nanoTime() - silentStart) / 1_000_000;
      assertTrue(silentMillis < budgetMillis + 1500, "silent TLS client closed after " + silentMillis + " ms");
      assertTrue(SecurityFixtures.scrape(gw.managementPort()).contains("gateway_handshake_timeouts_total 2.0"));
    }
  }

  private static SSLContext trustingContext() throws Exception {
    // the test's own self-signed certificate: trust whatever the gateway presents
    TrustManager trustAll = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustAll}, null);
    return context;
  }

  private static int readUntilClosed(InputStream in) {
    try {
      int b;
      do {
        b = in.read();
      } while (b >= 0);
      return b;
    } catch (java.io.IOException e) {
      // a TLS socket closed without close_notify reads as an exception: closed all the same
      return -1;
    }
  }
}
