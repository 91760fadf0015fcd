package io.meetingmedia.gateway.security;

import static io.meetingmedia.gateway.security.SecurityFixtures.randomToken;
import static io.meetingmedia.gateway.security.SecurityFixtures.tenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Two tenants with topic prefixes: each connection's records, dead letters included, land only in its own tenant's
 * topics, whatever the client claims in the URL or headers.
 */
@WithKafka
class TenantTopicIsolationIT {
  static final String TOKEN_A = randomToken("a");
  static final String TOKEN_B = randomToken("b");

  @Test
  void eachTenantWritesOnlyToItsOwnPrefixedTopics(KafkaCluster kafka) {
    String run = UUID.randomUUID().toString().substring(0, 6);
    String prefixA = "ta" + run + ".";
    String prefixB = "tb" + run + ".";
    try (TestGateway gw = TestGateway.start(kafka, json -> json.put("tenants", new JsonArray()
        .add(tenant("tenant-a", TOKEN_A).put("topicPrefix", prefixA))
        .add(tenant("tenant-b", TOKEN_B).put("topicPrefix", prefixB))))) {
      String framesA = prefixA + gw.topics().videoFrames();
      String framesB = prefixB + gw.topics().videoFrames();
      String deadA = prefixA + gw.topics().deadLetter();
      String deadB = prefixB + gw.topics().deadLetter();
      // tenant a's client tries to pass as tenant b: only the token counts
      MultiMap claims = MultiMap.caseInsensitiveMultiMap().add("X-Tenant", "tenant-b");
      try (WsClient a = WsClient.connect(gw.ingestPort(), "/ingest/recall?token=" + TOKEN_A + "&tenant=tenant-b",
          claims);
           WsClient b = WsClient.connect(gw.ingestPort(), "/ingest/recall", MultiMap.caseInsensitiveMultiMap()
               .add("Authorization", "Bearer " + TOKEN_B))) {
        for (int i = 0; i < 3; i++) {
          a.sendText(SecurityFixtures.pngMessage("bot-a", 1, i));
        }
        a.sendText("{not json");
        for (int i = 0; i < 2; i++) {
          b.sendText(SecurityFixtures.pngMessage("bot-b", 2, i));
        }

        try (TopicReader readerA = new TopicReader(kafka, framesA, deadA);
             TopicReader readerB = new TopicReader(kafka, framesB, deadB);
             TopicReader shared = new TopicReader(kafka, gw.topics().videoFrames(), gw.topics().deadLetter())) {
          List<ConsumerRecord<String, byte[]>> ofA = readerA.readAtLeast(4, Duration.ofSeconds(30));
          List<ConsumerRecord<String, byte[]>> ofB = readerB.readAtLeast(2, Duration.ofSeconds(30));
          // a little longer, so that a stray record would show up
          ofA = readerA.readFor(Duration.ofSeconds(1));
          ofB = readerB.readFor(Duration.ofMillis(200));
          assertEquals(4, ofA.size());
          assertEquals(2, ofB.size());
          assertEquals(Set.of("tenant-a"), tenants(ofA));
          assertEquals(Set.of("tenant-b"), tenants(ofB));
          assertEquals(3, ofA.stream().filter(r -> r.topic().equals(framesA)).count());
          assertEquals(1, ofA.stream().filter(r -> r.topic().equals(deadA)).count(), "dead letters stay in a's topics");
          assertTrue(ofB.stream().allMatch(r -> r.topic().equals(framesB)));
          assertTrue(ofB.stream().allMatch(r -> r.key().startsWith("bot-b:")));
          assertEquals(1, ofA.stream().map(r -> TopicReader.header(r, "ce_connectionid")).distinct().count());
          assertTrue(ofA.stream().allMatch(r -> TopicReader.header(r, "ce_source").startsWith("/tenants/tenant-a/")));
          assertEquals(0, shared.readFor(Duration.ofMillis(500)).size(), "nothing in the unprefixed topics");
        }
      }
    }
  }

  private static Set<String> tenants(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream().map(r -> new String(r.headers().lastHeader("ce_tenant").value(), StandardCharsets.UTF_8))
        .collect(Collectors.toSet());
  }
}
