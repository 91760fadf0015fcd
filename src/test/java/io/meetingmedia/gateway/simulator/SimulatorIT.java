package io.meetingmedia.gateway.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.simulator.media.FrameStamp;
import io.meetingmedia.gateway.testing.GatewayIT;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.vendor.media.MediaSniffer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator against a real gateway and broker, on the Recall route: every frame it reports as sent is in Kafka,
 * keyed {@code bot:participant}, and joins its send-log line on key + source + {@code ce_seq}.
 */
@GatewayIT
class SimulatorIT {

  @Test
  void everySentFrameReachesKafkaAndJoinsTheSendLog(KafkaCluster kafka, @TempDir Path dir) throws Exception {
    Path log = dir.resolve("send.csv");
    try (TestGateway gw = TestGateway.start(kafka)) {
      SimulatorOptions options = SimulatorOptions.parse(new String[] {"--vendor", "recall", "--gateway",
          "http://127.0.0.1:" + gw.ingestPort(), "--token", "it-secret", "--bots", "2", "--participants", "2",
          "--screenshare", "--fps", "4", "--seconds", "2", "--send-log", log.toString(), "--stamp", "--quiet"});
      Simulator simulator = new Simulator(options,
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      SimulationSummary summary = simulator.run();
      assertEquals(0, summary.exitCode(), summary.text());
      long sent = summary.stats().mediaMessages();
      assertEquals(2 * 3 * 8, sent, "2 bots x 3 streams x 4 fps x 2 s");
      assertTrue(!summary.text().contains("it-secret"), "the token is never printed");

      List<String[]> lines = Files.readAllLines(log).stream().map(l -> l.split(",", -1))
          .collect(Collectors.toList());
      assertEquals(sent, lines.size());

      try (TopicReader reader = new TopicReader(kafka, gw.topics().videoFrames())) {
        reader.readAtLeast((int) sent, Duration.ofSeconds(60));
        List<ConsumerRecord<String, byte[]>> records = reader.readFor(Duration.ofSeconds(1));
        assertEquals(sent, records.size(), "exactly the frames the simulator sent");

        Set<String> expectedKeys = new HashSet<>();
        for (String bot : summary.botIds()) {
          expectedKeys.add(bot + ":100");
          expectedKeys.add(bot + ":101");
        }
        assertEquals(expectedKeys, records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));

        Map<String, String[]> byJoinKey = new HashMap<>();
        for (String[] l : lines) {
          byJoinKey.put(l[2] + ":" + l[3] + "|" + l[4] + "|" + l[5], l);
        }
        Map<String, List<Long>> seqs = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
          String source = TopicReader.header(r, "ce_videosource");
          String seq = TopicReader.header(r, "ce_seq");
          String[] line = byJoinKey.get(r.key() + "|" + source + "|" + seq);
          assertTrue(line != null, "no send-log line for " + r.key() + " " + source + " seq " + seq);
          assertEquals(Integer.parseInt(line[6]), r.value().length, "payload_bytes is the record size");
          assertTrue(MediaSniffer.isPng(r.value()));
          assertEquals(OptionalLong.of(Long.parseLong(line[0])), FrameStamp.read(r.value()),
              "the stamp in the image is the logged send time");
          assertEquals(line[2], TopicReader.header(r, "ce_botid"));
          assertEquals("recall", TopicReader.header(r, "ce_vendor"));
          seqs.computeIfAbsent(r.key() + "|" + source, k -> new java.util.ArrayList<>()).add(Long.parseLong(seq));
        }
        assertEquals(6, seqs.size(), "webcam of both participants and one screenshare, per bot");
        seqs.forEach((stream, list) -> {
          list.sort(Comparator.naturalOrder());
          assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), list, stream);
        });
      }
    }
  }
}
