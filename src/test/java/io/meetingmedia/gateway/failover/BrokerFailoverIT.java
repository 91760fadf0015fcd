package io.meetingmedia.gateway.failover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.FrameSender;
import io.meetingmedia.gateway.testing.KafkaClusterProcesses;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The leader broker of a busy partition is killed ({@code kill -9}) mid-stream on a 3-node cluster with topics of
 * replication factor 3 and {@code min.insync.replicas=2}, then restarted: the gateway keeps delivering through the
 * new leader and Kafka holds every frame once, in order, byte for byte.
 */
@Tag("integration")
@Timeout(150)
class BrokerFailoverIT {
  private static final int PARTITIONS = 3;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static int readyStatus(int port) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void killingThePartitionLeaderMidStreamLosesNothing() throws Exception {
    try (KafkaClusterProcesses cluster = KafkaClusterProcesses.start(3);
        TestGateway gateway = TestGateway.start(cluster, json -> json.getJsonObject("kafka")
            .put("replicationFactor", 3).put("minInsyncReplicas", 2).put("partitions", PARTITIONS))) {
      String topic = gateway.topics().videoFrames();
      assertEquals(List.of(3, 3, 3), cluster.isrSizes(topic), "topics created with 3 in-sync replicas");
      List<byte[]> pool = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        pool.add(TestImages.png(320, 180, 500 + i, true));
      }
      List<byte[]> frames = new ArrayList<>();
      for (int i = 0; i < 1500; i++) {
        frames.add(pool.get(i % pool.size()));
      }
      FrameSender sender = new FrameSender(WsClient.connect(gateway.ingestPort(), "/ingest/recall"), "bot-leader", 1,
          frames);
      int partition = Utils.toPositive(Utils.murmur2(sender.key().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
      int leader = cluster.leaderOf(topic, partition);
      try (TopicReader reader = new TopicReader(cluster, topic)) {
        sender.start();
        reader.readUntil(all -> all.size() >= 100, Duration.ofSeconds(60));
        cluster.kill(leader);
        int sentAtKill = sender.sent().size();
        assertTrue(sentAtKill < frames.size(), "the leader died mid-stream");
        // two healthy brokers of three: the gateway stays ready the whole time the third is gone
        Awaitility.await("ready while one broker is dead").during(Duration.ofSeconds(8))
            .atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(250))
            .until(() -> readyStatus(gateway.managementPort()) == 200);
        int newLeader = cluster.leaderOtherThan(topic, partition, leader);
        assertTrue(newLeader > 0, "a new leader took over");
        sender.await(90);
        cluster.startNode(leader);
        cluster.awaitBrokers(3, Duration.ofSeconds(60));
        List<byte[]> sent = sender.sent();
        assertEquals(frames.size(), sent.size(), "the socket stayed open through the fail-over");
        reader.readUntil(all -> all.size() >= sent.size(), Duration.ofSeconds(60));
        List<ConsumerRecord<String, byte[]>> mine = reader.readFor(Duration.ofSeconds(2)).stream()
            .filter(r -> r.key().equals(sender.key())).collect(Collectors.toList());
        assertEquals(sent.size(), mine.size(), "no frame lost, none duplicated");
        for (int i = 0; i < sent.size(); i++) {
          assertArrayEquals(sent.get(i), mine.get(i).value(), "frame " + i + " in order");
        }
      } finally {
        sender.client().close();
      }
    }
  }
}
