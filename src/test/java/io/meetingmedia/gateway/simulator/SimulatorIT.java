package io.meetingmedia.gateway.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.config.TopicsConfig;
import io.meetingmedia.gateway.simulator.media.FrameStamp;
import io.meetingmedia.gateway.simulator.media.Fmp4Fixture;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.adapter.media.MediaSniffer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * The simulator against a real gateway and broker: every message it reports as sent is in Kafka, keyed
 * {@code bot:participant}, and joins its send-log line on topic + key + source + {@code ce_seq}.
 */
@WithKafka
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
          seqs.computeIfAbsent(r.key() + "|" + source, k -> new ArrayList<>()).add(Long.parseLong(seq));
        }
        assertEquals(6, seqs.size(), "webcam of both participants and one screenshare, per bot");
        seqs.forEach((stream, list) -> {
          list.sort(Comparator.naturalOrder());
          assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), list, stream);
        });
      }
    }
  }

  /**
   * Every vendor protocol, with audio, events, H.264 and pings where the vendor has them, through one gateway: the
   * gateway takes every message (nothing dead-lettered, no connection closed), and every media message is in Kafka
   * under the key, source and {@code ce_seq} the send log names, with the logged payload size.
   */
  @Test
  void everyVendorIsAcceptedAndJoinsTheSendLog(KafkaCluster kafka, @TempDir Path dir) throws Exception {
    List<List<String>> runs = List.of(
        List.of("--vendor", "attendee", "--participants", "2", "--screenshare", "--audio", "--stamp", "--fps", "4"),
        List.of("--vendor", "recall", "--video", "h264", "--audio", "--events", "--participants", "2"),
        List.of("--vendor", "recall-legacy", "--participants", "2", "--fps", "4"),
        List.of("--vendor", "meetstream", "--fps", "4", "--ping-seconds", "0.5"),
        List.of("--vendor", "meetstream-audio", "--participants", "2"));
    try (TestGateway gw = TestGateway.start(kafka)) {
      TopicsConfig topics = gw.topics();
      Map<String, String> topicOfKind = new HashMap<>();
      List<String[]> lines = new ArrayList<>();
      Set<String> bots = new HashSet<>();
      for (List<String> run : runs) {
        Path log = dir.resolve(run.get(1) + ".csv");
        List<String> args = new ArrayList<>(run);
        args.addAll(List.of("--gateway", "http://127.0.0.1:" + gw.ingestPort(), "--bots", "2", "--seconds", "2",
            "--send-log", log.toString(), "--quiet"));
        SimulationSummary summary = new Simulator(SimulatorOptions.parse(args.toArray(String[]::new)),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
        assertEquals(0, summary.exitCode(), summary.text());
        assertEquals(0, summary.stats().closedByGateway(), summary.text());
        if ("meetstream".equals(run.get(1))) {
          assertTrue(summary.stats().pingsSent() >= 6, summary.text());
          assertEquals(summary.stats().pingsSent(), summary.stats().pongsOk(), "the gateway answers every ping");
        }
        bots.addAll(summary.botIds());
        Files.readAllLines(log).forEach(l -> lines.add(l.split(",", -1)));
      }
      topicOfKind.put("attendee/video_frame", topics.videoFrames());
      topicOfKind.put("recall/video_chunk", topics.videoH264());
      topicOfKind.put("recall-legacy/video_frame", topics.videoFrames());
      topicOfKind.put("meetstream/video_chunk", topics.videoFmp4());
      List<String[]> media = lines.stream().filter(l -> !"event".equals(l[7])).collect(Collectors.toList());
      assertTrue(media.stream().map(l -> l[1]).distinct().count() == 5, "every vendor sent media");

      try (TopicReader reader = new TopicReader(kafka, topics.videoFrames(), topics.videoH264(), topics.videoFmp4(),
          topics.audioPcm(), topics.deadLetter(), topics.videoFmp4Init())) {
        List<ConsumerRecord<String, byte[]>> all = reader.readUntil(records -> records.stream()
            .filter(r -> !r.topic().equals(topics.videoFmp4Init())).count() >= media.size(), Duration.ofSeconds(60));
        all = reader.readFor(Duration.ofSeconds(1));
        assertEquals(List.of(), all.stream().filter(r -> r.topic().equals(topics.deadLetter()))
            .map(r -> TopicReader.header(r, "ce_reason")).collect(Collectors.toList()), "nothing dead-lettered");
        Map<String, ConsumerRecord<String, byte[]>> byJoin = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : all) {
          String source = TopicReader.header(r, "ce_videosource");
          byJoin.put(r.topic() + "|" + r.key() + "|" + (source == null ? "" : source) + "|"
              + TopicReader.header(r, "ce_seq"), r);
        }
        for (String[] l : media) {
          String topic = "audio_chunk".equals(l[7]) ? topics.audioPcm() : topicOfKind.get(l[1] + "/" + l[7]);
          ConsumerRecord<String, byte[]> r = byJoin.get(topic + "|" + l[2] + ":" + l[3] + "|" + l[4] + "|" + l[5]);
          assertTrue(r != null, "no record for " + String.join(",", l));
          assertEquals(Integer.parseInt(l[6]), r.value().length, String.join(",", l));
          assertEquals(l[1], TopicReader.header(r, "ce_vendor"));
          if ("attendee".equals(l[1]) && "video_frame".equals(l[7])) {
            assertEquals(OptionalLong.of(Long.parseLong(l[0])), FrameStamp.read(r.value()), "JPEG stamp");
          }
        }
        long mediaRecords = all.stream().filter(r -> !r.topic().equals(topics.videoFmp4Init()))
            .filter(r -> bots.contains(TopicReader.header(r, "ce_botid"))).count();
        assertEquals(media.size(), mediaRecords, "no record without a send-log line");
        List<ConsumerRecord<String, byte[]>> init = all.stream()
            .filter(r -> r.topic().equals(topics.videoFmp4Init())).collect(Collectors.toList());
        assertEquals(2, init.size(), "one init segment per MeetStream bot");
        assertArrayEquals(Fmp4Fixture.load().init(), init.get(0).value(),
            "the init segment, although the first chunk ended inside moov");
      }
    }
  }
}
