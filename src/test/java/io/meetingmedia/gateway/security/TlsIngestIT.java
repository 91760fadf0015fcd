package io.meetingmedia.gateway.security;

import static io.meetingmedia.gateway.security.SecurityFixtures.randomToken;
import static io.meetingmedia.gateway.security.SecurityFixtures.tenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.GatewayIT;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The ingest listener serving {@code wss://} from PEM files named in the configuration: a certificate and key made
 * in the test, a client that trusts exactly that certificate, and the frame read back from Kafka.
 */
@GatewayIT
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
}
