package io.meetingmedia.gateway.security;

import static io.meetingmedia.gateway.security.SecurityFixtures.RECALL_SECRET;
import static io.meetingmedia.gateway.security.SecurityFixtures.randomToken;
import static io.meetingmedia.gateway.security.SecurityFixtures.signedHeaders;
import static io.meetingmedia.gateway.security.SecurityFixtures.tenant;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Connections that use tokens (in the query and as a bearer header), failed attempts with wrong tokens, Recall
 * signature headers, good and bad messages: afterwards no token, secret or signature appears in any log event,
 * the metrics scrape, any Kafka header or value, or the dead-letter topic.
 */
@WithKafka
class NoSecretLeakIT {
  static final String QUERY_TOKEN = randomToken("leak-query");
  static final String BEARER_TOKEN = randomToken("leak-bearer");
  static final String WRONG_QUERY_TOKEN = randomToken("leak-wrong-query");
  static final String WRONG_BEARER_TOKEN = randomToken("leak-wrong-bearer");

  @Test
  void noSecretInLogsMetricsHeadersOrDeadLetters(KafkaCluster kafka) {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    appender.start();
    root.addAppender(appender);
    List<String> secrets = new ArrayList<>(List.of(QUERY_TOKEN, BEARER_TOKEN, WRONG_QUERY_TOKEN, WRONG_BEARER_TOKEN,
        RECALL_SECRET, RECALL_SECRET.substring("whsec_".length())));
    try (TestGateway gw = TestGateway.start(kafka, json -> json
        .put("tenants", new JsonArray().add(tenant("leaktest", QUERY_TOKEN, BEARER_TOKEN)
            .put("recall", new JsonObject().put("verificationSecret", RECALL_SECRET))))
        .put("delivery", new JsonObject().put("maxConsecutiveBadMessages", 100)))) {
      MultiMap forged = signedHeaders();
      secrets.add(forged.get("webhook-signature").substring(3));
      assertEquals(401, WsClient.upgradeStatus(gw.ingestPort(), "/ingest/recall?token=" + WRONG_QUERY_TOKEN,
          signedHeaders()));
      assertEquals(401, WsClient.upgradeStatus(gw.ingestPort(), "/ingest/recall",
          signedHeaders().add("Authorization", "Bearer " + WRONG_BEARER_TOKEN)));
      assertEquals(101, WsClient.upgradeStatus(gw.ingestPort(), "/ingest/recall?token=" + QUERY_TOKEN, forged));
      assertEquals(401, WsClient.upgradeStatus(gw.ingestPort(), "/ingest/recall?token=" + QUERY_TOKEN, forged),
          "replayed signature headers");
      // the handshake also takes a token after ';' and in percent-encoded form: the access log must hide those too
      assertEquals(101, WsClient.upgradeStatus(gw.ingestPort(), "/ingest/recall?bot=semi;token=" + QUERY_TOKEN,
          signedHeaders()));
      assertEquals(101, WsClient.upgradeStatus(gw.ingestPort(), "/ingest/recall?bot=enc&%74oken=" + QUERY_TOKEN,
          signedHeaders()));
      assertEquals(401, WsClient.upgradeStatus(gw.ingestPort(), "/ingest/recall?bot=semi;token=" + WRONG_QUERY_TOKEN,
          signedHeaders()));

      MultiMap signed = signedHeaders();
      secrets.add(signed.get("webhook-signature").substring(3));
      try (WsClient byQuery = WsClient.connect(gw.ingestPort(), "/ingest/recall?token=" + QUERY_TOKEN + "&bot=x",
          signed);
           WsClient byBearer = WsClient.connect(gw.ingestPort(), "/ingest/recall",
               signedHeaders().add("Authorization", "Bearer " + BEARER_TOKEN))) {
        byQuery.sendText(SecurityFixtures.pngMessage("bot-leak", 1, 1));
        byQuery.sendText("{\"event\": \"video_separate_png.data\", \"data\": ");
        byQuery.sendBinary("binary where text belongs".getBytes(StandardCharsets.UTF_8));
        byBearer.sendText(SecurityFixtures.pngMessage("bot-leak", 2, 2));
        byBearer.sendText("[]");

        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader reader = new TopicReader(kafka, gw.topics().all().toArray(new String[0]))) {
          records = reader.readUntil(all -> all.stream().filter(r -> r.topic().equals(gw.topics().deadLetter()))
              .count() >= 3 && all.size() >= 5, Duration.ofSeconds(30));
        }
        assertTrue(records.stream().anyMatch(r -> r.topic().equals(gw.topics().videoFrames())));
        for (ConsumerRecord<String, byte[]> r : records) {
          String where = r.topic() + " record " + r.key();
          assertNoSecret(secrets, new String(r.value(), StandardCharsets.UTF_8), where + " value");
          assertNoSecret(secrets, r.key(), where + " key");
          r.headers().forEach(h -> assertNoSecret(secrets, h.key() + "=" + new String(h.value(),
              StandardCharsets.UTF_8), where + " header " + h.key()));
        }
      }
      String metrics = SecurityFixtures.scrape(gw.managementPort());
      assertTrue(metrics.contains("gateway_handshake_rejections_total"), "the scrape holds the rejection counters");
      assertNoSecret(secrets, metrics, "metrics scrape");
      await().atMost(Duration.ofSeconds(10)).until(() -> logText(appender).contains("connection closed"));
    } finally {
      root.detachAppender(appender);
    }
    String logs = logText(appender);
    assertTrue(logs.contains("uri=/ingest/recall?token=[redacted]&bot=x"), "access log line present, redacted");
    assertTrue(logs.contains("uri=/ingest/recall?bot=semi;token=[redacted]"), logs);
    assertTrue(logs.contains("uri=/ingest/recall?bot=enc&%74oken=[redacted]"), logs);
    assertTrue(logs.contains("reason=token_invalid"), logs);
    assertTrue(logs.contains("reason=signature_replayed"), logs);
    assertNoSecret(secrets, logs, "logs");
  }

  private static String logText(ListAppender<ILoggingEvent> appender) {
    List<ILoggingEvent> events;
    synchronized (appender) {
      events = new ArrayList<>(appender.list);
    }
    StringBuilder text = new StringBuilder();
    for (ILoggingEvent e : events) {
      text.append(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
      if (e.getKeyValuePairs() != null) {
        e.getKeyValuePairs().forEach(kv -> text.append(' ').append(kv.key).append('=').append(kv.value));
      }
      for (Map.Entry<String, String> mdc : e.getMDCPropertyMap().entrySet()) {
        text.append(' ').append(mdc.getKey()).append('=').append(mdc.getValue());
      }
      if (e.getThrowableProxy() != null) {
        text.append(' ').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
      }
      text.append('\n');
    }
    return text.toString();
  }

  private static void assertNoSecret(List<String> secrets, String text, String where) {
    for (String secret : secrets) {
      assertFalse(text != null && text.contains(secret), "a secret leaked into " + where);
    }
  }
}
