package io.meetingmedia.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.RecallMessages;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the consumer examples under {@code examples/} the way a user would, against frames a real gateway wrote:
 * the Java one with the JDK's source launcher, the Python one where {@code confluent_kafka} imports (skipped
 * otherwise), and the kcat one-liners where kcat is installed (skipped otherwise).
 */
@WithKafka
class ConsumerExamplesIT {
  private static final Path EXAMPLES = Path.of("examples");

  /** Sends frames of two participants (one of them also screensharing) and waits until all are in Kafka. */
  private static Map<String, byte[]> sendFrames(TestGateway gw, KafkaCluster kafka) {
    Map<String, byte[]> expected = new LinkedHashMap<>();
    try (WsClient client = WsClient.connect(gw.ingestPort(), "/ingest/recall")) {
      for (int i = 0; i < 4; i++) {
        int participant = i % 2 == 0 ? 100 : 200;
        boolean screen = i == 3;
        byte[] png = TestImages.png(320, 180, i, i == 2);
        String message = RecallMessages.png("bot-ex", participant, "P" + participant, "webcam", png, i * 0.5);
        client.sendText(screen ? message.replace("\"type\":\"webcam\"", "\"type\":\"screenshare\"") : message);
        long seq = expected.keySet().stream().filter(k -> k.startsWith("bot-ex/" + participant + "/")).count();
        expected.put("bot-ex/" + participant + "/" + (screen ? "screenshare-0" : String.valueOf(seq)) + ".png", png);
      }
    }
    try (TopicReader reader = new TopicReader(kafka, gw.topics().videoFrames())) {
      reader.readAtLeast(expected.size(), Duration.ofSeconds(30));
    }
    return expected;
  }

  private static void assertSaved(Path out, Map<String, byte[]> expected, String log) throws IOException {
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      Path file = out.resolve(e.getKey());
      assertTrue(Files.isRegularFile(file), "missing " + file + "; files: " + listing(out) + "\n" + log);
      assertArrayEquals(e.getValue(), Files.readAllBytes(file), file.toString());
    }
    assertEquals(expected.size(), listing(out).size(), listing(out).toString());
  }

  private static List<Path> listing(Path out) throws IOException {
    try (var files = Files.walk(out)) {
      return files.filter(Files::isRegularFile).map(out::relativize).sorted().toList();
    }
  }

  @Test
  void javaFrameConsumerSavesEveryFrame(KafkaCluster kafka, @TempDir Path out) throws Exception {
    try (TestGateway gw = TestGateway.start(kafka)) {
      Map<String, byte[]> expected = sendFrames(gw, kafka);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Result run = run(List.of(java, "-cp", System.getProperty("java.class.path"),
          EXAMPLES.resolve("java").resolve("FrameConsumer.java").toString(),
          "--bootstrap", kafka.bootstrapServers(), "--topic", gw.topics().videoFrames(), "--out", out.toString(),
          "--max", String.valueOf(expected.size())), Duration.ofSeconds(120));
      assertEquals(0, run.exit(), run.output());
      assertTrue(run.output().contains(expected.size() + " frames saved"), run.output());
      assertSaved(out, expected, run.output());
    }
  }

  @Test
  void pythonConsumerSavesEveryFrame(KafkaCluster kafka, @TempDir Path out) throws Exception {
    Optional<String> python = pythonWithConfluentKafka();
    assumeTrue(python.isPresent(), "no python3 that imports confluent_kafka (pip install confluent-kafka or "
        + "apt-get install python3-confluent-kafka): the Python example is not exercised here");
    try (TestGateway gw = TestGateway.start(kafka)) {
      Map<String, byte[]> expected = sendFrames(gw, kafka);
      Result run = run(List.of(python.get(), EXAMPLES.resolve("python").resolve("consume_frames.py").toString(),
          "--bootstrap", kafka.bootstrapServers(), "--topic", gw.topics().videoFrames(), "--out", out.toString(),
          "--max", String.valueOf(expected.size()), "--timeout", "60"), Duration.ofSeconds(120));
      assertEquals(0, run.exit(), run.output());
      assertSaved(out, expected, run.output());
    }
  }

  @Test
  void kcatOneLinersShowHeadersAndSaveAFrame(KafkaCluster kafka, @TempDir Path out) throws Exception {
    assumeTrue(onPath("kcat"), "kcat is not installed: the kcat one-liners are not exercised here");
    String doc = Files.readString(EXAMPLES.resolve("kcat.md"));
    assertTrue(doc.contains("-f '%k %h %S\\n'") && doc.contains("fetch.message.max.bytes=33554432"), doc);
    try (TestGateway gw = TestGateway.start(kafka)) {
      Map<String, byte[]> expected = sendFrames(gw, kafka);
      List<String> big = List.of("-X", "fetch.message.max.bytes=33554432", "-X", "receive.message.max.bytes=67109376");
      List<String> list = new ArrayList<>(List.of("kcat", "-C", "-b", kafka.bootstrapServers(), "-t",
          gw.topics().videoFrames()));
      list.addAll(big);
      list.addAll(List.of("-o", "beginning", "-e", "-f", "%k %h %S\n"));
      Result headers = run(list, Duration.ofSeconds(60));
      assertEquals(0, headers.exit(), headers.output());
      List<String> lines = headers.output().lines().filter(l -> l.startsWith("bot-ex:")).toList();
      assertEquals(expected.size(), lines.size(), headers.output());
      for (String line : lines) {
        assertTrue(line.contains("ce_type=meeting.video.frame") && line.contains("content-type=image/png"), line);
        long size = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
        assertTrue(expected.values().stream().anyMatch(png -> png.length == size), line);
      }
      List<String> save = new ArrayList<>(List.of("kcat", "-C", "-b", kafka.bootstrapServers(), "-t",
          gw.topics().videoFrames()));
      save.addAll(big);
      save.addAll(List.of("-o", "beginning", "-c", "1", "-e", "-f", "%s"));
      Path frame = out.resolve("frame.png");
      Process process = new ProcessBuilder(save).redirectOutput(frame.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, process.exitValue());
      byte[] bytes = Files.readAllBytes(frame);
      assertTrue(expected.values().stream().anyMatch(png -> Arrays.equals(png, bytes)),
          "kcat wrote exactly one frame's bytes (" + bytes.length + ")");
    }
  }

  private static Optional<String> pythonWithConfluentKafka() throws InterruptedException {
    for (String candidate : List.of("python3", "/usr/bin/python3")) {
      try {
        Result probe = run(List.of(candidate, "-c", "import confluent_kafka"), Duration.ofSeconds(30));
        if (probe.exit() == 0) {
          return Optional.of(candidate);
        }
      } catch (IOException e) {
        // not installed under this name
      }
    }
    return Optional.empty();
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  record Result(int exit, String output) {
  }

  private static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread pump = new Thread(() -> {
      try (InputStream in = process.getInputStream()) {
        in.transferTo(output);
      } catch (IOException e) {
        // the process ended
      }
    });
    pump.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      pump.join(5000);
      throw new AssertionError("timed out: " + command + "\n" + output.toString(StandardCharsets.UTF_8));
    }
    pump.join(5000);
    return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
  }
}
