package io.meetingmedia.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.FrameSender;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.RecallMessages;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input gets its specific answer (a dead-letter record with the reason, or a close code), and a
 * healthy connection running beside it is neither disturbed nor incomplete.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
  static final int MAX_MESSAGE = 256 * 1024;
  static final int DLQ_MAX = 1024;
  static final int MAX_BAD_IN_ROW = 5;
  private TestGateway gateway;
  private KafkaCluster kafka;
  private int healthyRun;

  @BeforeAll
  void start(KafkaCluster kafka) {
    this.kafka = kafka;
    gateway = TestGateway.start(kafka, json -> json
        .put("vendors", new JsonObject().put("recall", new JsonObject().put("maxMessageBytes", MAX_MESSAGE)))
        .put("delivery", new JsonObject().put("deadLetterMaxBytes", DLQ_MAX)
            .put("maxConsecutiveBadMessages", MAX_BAD_IN_ROW)));
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String validWith(String field, Object value) {
    JsonObject msg = new JsonObject(RecallMessages.png("bot-bad", 9, "Bad", "webcam", TestImages.png(32, 32, 1, false),
        0.5));
    msg.getJsonObject("data").getJsonObject("data").put(field, value);
    return msg.encode();
  }

  /**
   * A bad message that must be dead-lettered with a reason, the connection staying open.
   *
   * @param path  the route
   * @param hello a text message sent first, or {@code null}
   */
  record DeadLetterCase(String name, String path, String hello, boolean text, byte[] message, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> deadLetters() {
    byte[] jpeg = TestImages.jpeg(32, 32, 2);
    String recall = "/ingest/recall";
    String legacy = "/ingest/recall-legacy";
    String hello = "{\"protocol_version\": 1, \"bot_id\": \"bot-legacy-bad\"}";
    byte[] legacyJpeg = new byte[8 + jpeg.length];
    System.arraycopy(jpeg, 0, legacyJpeg, 8, jpeg.length);
    return Stream.of(
        new DeadLetterCase("invalid JSON", recall, null, true, utf8("{\"event\": \"video_separate_png.data\", "),
            "invalid_json"),
        new DeadLetterCase("JSON of the wrong shape", recall, null, true, utf8("{\"hello\": [1, 2, 3]}"),
            "wrong_shape"),
        new DeadLetterCase("JSON array", recall, null, true, utf8("[1,2,3]"), "wrong_shape"),
        new DeadLetterCase("invalid base64", recall, null, true, utf8(validWith("buffer", "!!!not base64!!!")),
            "invalid_base64"),
        new DeadLetterCase("JPEG declared as PNG", recall, null, true,
            utf8(validWith("buffer", java.util.Base64.getEncoder().encodeToString(jpeg))), "magic_mismatch"),
        new DeadLetterCase("binary where text is expected", recall, null, false, new byte[] {1, 2, 3, 4},
            "unexpected_binary"),
        new DeadLetterCase("large invalid JSON is truncated in the DLQ", recall, null, true,
            utf8("{" + "x".repeat(5000)), "invalid_json"),
        new DeadLetterCase("legacy binary before the hello", legacy, null, false,
            new byte[] {1, 0, 0, 0, 2, 0, 0, 0, (byte) 0x89, 'P', 'N', 'G'}, "missing_hello"),
        new DeadLetterCase("legacy binary shorter than its header", legacy, hello, false, new byte[] {1, 0, 0},
            "short_header"),
        new DeadLetterCase("legacy text where binary is expected", legacy, hello, true, utf8(hello),
            "unexpected_text"),
        new DeadLetterCase("legacy JPEG where PNG is expected", legacy, hello, false, legacyJpeg, "magic_mismatch"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deadLetters")
  void badMessagesAreDeadLetteredAndTheConnectionLives(DeadLetterCase c) {
    withHealthyNeighbour(c.path(), bad -> {
      if (c.hello() != null) {
        bad.sendText(c.hello());
      }
      if (c.text()) {
        bad.sendText(new String(c.message(), StandardCharsets.UTF_8));
      } else {
        bad.sendBinary(c.message());
      }
      // the connection stays usable: a good frame after the bad one is delivered
      byte[] good = TestImages.png(64, 48, 77, false);
      String key;
      if (c.path().equals(legacyPath())) {
        if (c.hello() == null) {
          bad.sendText("{\"protocol_version\": 1, \"bot_id\": \"bot-after-bad\"}");
        }
        byte[] frame = new byte[8 + good.length];
        frame[0] = 1;
        System.arraycopy(good, 0, frame, 8, good.length);
        bad.sendBinary(frame);
        key = (c.hello() == null ? "bot-after-bad" : "bot-legacy-bad") + ":1";
      } else {
        bad.sendText(RecallMessages.png("bot-after-bad", 1, "Ok", "webcam", good, 1.0));
        key = "bot-after-bad:1";
      }
      try (TopicReader dlq = new TopicReader(kafka, gateway.topics().deadLetter());
           TopicReader frames = new TopicReader(kafka, gateway.topics().videoFrames())) {
        ConsumerRecord<String, byte[]> record = lastWithReason(dlq, c.reason());
        assertEquals("meeting.deadletter", TopicReader.header(record, "ce_type"));
        assertEquals(c.path().substring("/ingest/".length()), TopicReader.header(record, "ce_vendor"));
        assertEquals(c.text() ? "text" : "binary", TopicReader.header(record, "ce_messagetype"));
        assertEquals(String.valueOf(c.message().length), TopicReader.header(record, "ce_originalbytes"));
        assertTrue(TopicReader.header(record, "ce_detail").length() > 5, "a human explanation");
        assertTrue(TopicReader.header(record, "ce_connectionid") != null, "the connection's identity");
        int kept = Math.min(DLQ_MAX, c.message().length);
        assertArrayEquals(Arrays.copyOf(c.message(), kept), record.value(), "raw bytes, up to the configured size");
        assertEquals(String.valueOf(kept < c.message().length), TopicReader.header(record, "ce_truncated"));
        frames.readUntil(all -> all.stream().anyMatch(r -> r.key().equals(key)
            && Arrays.equals(r.value(), good)), Duration.ofSeconds(30));
      }
      assertTrue(!bad.isClosed(), "one bad message does not close the socket");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("closes")
  void fatalInputClosesOnlyThatSocket(String name, Consumer<WsClient> action, int code) {
    withHealthyNeighbour("/ingest/recall", bad -> {
      action.accept(bad);
      WsClient.Close close = bad.awaitClose(Duration.ofSeconds(30));
      assertEquals((short) code, close.code(), name + ": " + close.reason());
      assertTrue(close.reason() != null && !close.reason().isEmpty(), "a reason is given");
    });
  }

  static Stream<Arguments> closes() {
    Consumer<WsClient> tooBig = c -> c.sendText(validWith("buffer", "A".repeat(MAX_MESSAGE)));
    Consumer<WsClient> tooBigFragmented = c -> c.sendFragmented(true,
        utf8(validWith("buffer", "A".repeat(MAX_MESSAGE))), 16 * 1024);
    Consumer<WsClient> onlyBad = c -> {
      for (int i = 0; i < MAX_BAD_IN_ROW; i++) {
        c.sendText("not json " + i);
      }
    };
    return Stream.of(
        Arguments.of("message over the size limit", tooBig, 1009),
        Arguments.of("fragmented message over the size limit", tooBigFragmented, 1009),
        Arguments.of("only bad messages", onlyBad, 1007));
  }

  private ConsumerRecord<String, byte[]> lastWithReason(TopicReader dlq, String reason) {
    List<ConsumerRecord<String, byte[]>> all = dlq.readUntil(records -> records.stream()
        .anyMatch(r -> reason.equals(TopicReader.header(r, "ce_reason"))), Duration.ofSeconds(30));
    List<ConsumerRecord<String, byte[]>> matching = all.stream()
        .filter(r -> reason.equals(TopicReader.header(r, "ce_reason"))).collect(Collectors.toList());
    return matching.get(matching.size() - 1);
  }

  /** Runs {@code badAction} on a socket of {@code badPath} while another socket streams 20 frames that must all arrive in order. */
  private static String legacyPath() {
    return "/ingest/recall-legacy";
  }

  private void withHealthyNeighbour(String badPath, Consumer<WsClient> badAction) {
    String bot = "bot-healthy-" + (healthyRun++);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      frames.add(TestImages.png(96, 64, i, false));
    }
    try (WsClient healthySocket = WsClient.connect(gateway.ingestPort(), "/ingest/recall");
         WsClient bad = WsClient.connect(gateway.ingestPort(), badPath)) {
      FrameSender healthy = new FrameSender(healthySocket, bot, 5, frames).start();
      badAction.accept(bad);
      healthy.await(60);
      assertEquals(frames.size(), healthy.sent().size());
      try (TopicReader reader = new TopicReader(kafka, gateway.topics().videoFrames())) {
        List<ConsumerRecord<String, byte[]>> mine = reader.readUntil(all -> all.stream()
            .filter(r -> r.key().equals(bot + ":5")).count() >= frames.size(), Duration.ofSeconds(60))
            .stream().filter(r -> r.key().equals(bot + ":5")).collect(Collectors.toList());
        assertEquals(frames.size(), mine.size());
        for (int i = 0; i < frames.size(); i++) {
          assertArrayEquals(frames.get(i), mine.get(i).value(), "healthy frame " + i);
        }
      }
      assertTrue(!healthySocket.isClosed(), "the healthy socket was not disturbed");
    }
  }
}
