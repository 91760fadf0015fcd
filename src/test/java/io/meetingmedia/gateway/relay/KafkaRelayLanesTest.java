package io.meetingmedia.gateway.relay;

import static io.meetingmedia.gateway.relay.RelayFixtures.frame;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The relay's two lanes: a topic's records are handed to {@code send()} on a worker until Kafka has acknowledged one,
 * then straight on the relay's event loop, in order; a record behind one still being handed over waits for it.
 */
@ExtendWith(VertxExtension.class)
class KafkaRelayLanesTest {
  /** Kafka's mock, noting the thread each record was handed over on. */
  private static final class ThreadNotingProducer extends MockProducer<String, byte[]> {
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());

    ThreadNotingProducer() {
      super(false, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized java.util.concurrent.Future<RecordMetadata> send(ProducerRecord<String, byte[]> record,
        Callback callback) {
      threads.add(Thread.currentThread().getName());
      return super.send(record, callback);
    }
  }

  private ThreadNotingProducer mock;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    mock = new ThreadNotingProducer();
    RelayFixtures.deployRelay(vertx, mock).onComplete(ctx.succeedingThenComplete());
  }

  private static MediaEnvelope event(long seq) {
    return new EnvelopeBuilder("default", "recall", "conn-1", Instant.parse("2026-01-01T00:00:00Z"))
        .botId("bot-1").kind(MediaKind.EVENT).type("meeting.transcript.final").contentType("application/json")
        .payload("{}".getBytes(StandardCharsets.UTF_8)).build("event-" + seq, seq);
  }

  private List<Future<Void>> send(Vertx vertx, List<MediaEnvelope> envelopes) {
    List<Future<Void>> replies = Collections.synchronizedList(new ArrayList<>());
    vertx.runOnContext(v -> envelopes.forEach(e -> replies.add(RelayFixtures.send(vertx, e))));
    await().atMost(Duration.ofSeconds(10)).until(() -> replies.size() == envelopes.size());
    return replies;
  }

  private void completeAll(int expectedRecords) {
    await().atMost(Duration.ofSeconds(10)).until(() -> mock.history().size() == expectedRecords);
    while (mock.completeNext()) {
      // every record handed over so far
    }
  }

  private static void awaitSucceeded(List<Future<Void>> replies) {
    await().atMost(Duration.ofSeconds(10)).until(() -> replies.stream().allMatch(Future::isComplete));
    assertTrue(replies.stream().allMatch(Future::succeeded));
  }

  private static boolean onEventLoop(String thread) {
    return thread.contains("eventloop");
  }

  private List<String> sentSeqs() {
    return mock.history().stream()
        .map(r -> new String(r.headers().lastHeader("ce_seq").value(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void aTopicMovesToTheEventLoopAfterItsFirstAcknowledgement(Vertx vertx) {
    // nothing acknowledged yet: all three go through the worker, in order
    List<Future<Void>> first = send(vertx, List.of(frame(0), frame(1), frame(2)));
    completeAll(3);
    awaitSucceeded(first);
    List<Future<Void>> later = send(vertx, List.of(frame(3), frame(4), frame(5)));
    completeAll(6);
    awaitSucceeded(later);

    assertEquals(List.of("0", "1", "2", "3", "4", "5"), sentSeqs());
    assertTrue(mock.threads.subList(0, 3).stream().noneMatch(KafkaRelayLanesTest::onEventLoop), mock.threads.toString());
    assertTrue(mock.threads.subList(3, 6).stream().allMatch(KafkaRelayLanesTest::onEventLoop), mock.threads.toString());
  }

  @Test
  void eachTopicEarnsItsOwnLaneAndAFailureSendsItBackToTheWorker(Vertx vertx) throws Exception {
    awaitSucceeded(sendAndComplete(vertx, frame(0), 1));
    // another topic is still cold
    awaitSucceeded(sendAndComplete(vertx, event(0), 2));
    assertEquals(List.of(false, false), mock.threads.stream().map(KafkaRelayLanesTest::onEventLoop).toList());

    List<Future<Void>> failed = send(vertx, List.of(frame(1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> mock.history().size() == 3);
    assertTrue(mock.errorNext(new TimeoutException("Expiring 1 record(s)")));
    await().atMost(Duration.ofSeconds(10)).until(() -> failed.get(0).isComplete());
    assertInstanceOf(TimeoutException.class, failed.get(0).cause());
    assertTrue(onEventLoop(mock.threads.get(2)), "the warm topic's record went straight to the producer");

    awaitSucceeded(sendAndComplete(vertx, frame(2), 4));
    assertTrue(!onEventLoop(mock.threads.get(3)), "after a failure the topic is back on the worker: "
        + mock.threads);
    awaitSucceeded(sendAndComplete(vertx, event(1), 5));
    assertTrue(onEventLoop(mock.threads.get(4)), "the other topic earned its lane: " + mock.threads);
  }

  private List<Future<Void>> sendAndComplete(Vertx vertx, MediaEnvelope envelope, int records) {
    List<Future<Void>> replies = send(vertx, List.of(envelope));
    completeAll(records);
    return replies;
  }

  @Test
  void anAcknowledgedTopicStaysOnTheEventLoop(Vertx vertx) {
    awaitSucceeded(sendAndComplete(vertx, frame(0), 1));
    // acknowledged and nothing failing: every later record of the topic is handed over on the event loop
    List<Future<Void>> replies = send(vertx, List.of(frame(1), frame(2), frame(3)));
    completeAll(4);
    awaitSucceeded(replies);
    assertEquals(List.of("0", "1", "2", "3"), sentSeqs());
    assertEquals(List.of(false, true, true, true), mock.threads.stream().map(KafkaRelayLanesTest::onEventLoop).toList());
  }

  @Test
  void largeRecordsKeepTheWorkerAndTheSmallOnesBehindThemWaitOnlyForTheHandOver(Vertx vertx) {
    awaitSucceeded(sendAndComplete(vertx, frame(0), 1));
    MediaEnvelope large = new EnvelopeBuilder("default", "recall", "conn-1", Instant.parse("2026-01-01T00:00:00Z"))
        .botId("bot-1").participantId("100").kind(MediaKind.VIDEO_FRAME).type("meeting.video.frame")
        .contentType("image/png").payload(new byte[KafkaRelayVerticle.EVENT_LOOP_MAX_BYTES + 1]).build("big", 1);
    // the large record is never acknowledged while the small ones follow: a topic under constant load must still
    // leave the worker once the record ahead of it has been handed to send()
    List<Future<Void>> replies = send(vertx, List.of(large, frame(2), frame(3)));
    await().atMost(Duration.ofSeconds(10)).until(() -> mock.history().size() == 4);
    assertEquals(List.of("0", "1", "2", "3"), sentSeqs());
    assertEquals(List.of(false, false, true, true), mock.threads.stream().map(KafkaRelayLanesTest::onEventLoop).toList(),
        "the large frame went through the worker; the small ones after it waited for its hand-over, not its ack");
    assertTrue(replies.stream().noneMatch(Future::isComplete), "nothing is settled before Kafka acknowledges");
    completeAll(4);
    awaitSucceeded(replies);
  }

  @Test
  void aBufferSmallerThanTheBudgetsKeepsEveryRecordOnTheWorker(Vertx vertx, VertxTestContext ctx) throws Exception {
    // a second relay with its own producer, on a config whose buffer.memory could fill (send() could block)
    ThreadNotingProducer small = new ThreadNotingProducer();
    GatewayConfig config = GatewayConfig.fromJson(new JsonObject().put("kafka", new JsonObject()
        .put("producer", new JsonObject().put("buffer.memory", "1048576"))), VendorRegistry.builtIn().names());
    vertx.undeploy(vertx.deploymentIDs().iterator().next())
        .compose(v -> vertx.deployVerticle(new KafkaRelayVerticle(config, x -> KafkaProducer.create(x, small))))
        .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    mock = small;
    awaitSucceeded(sendAndComplete(vertx, frame(0), 1));
    awaitSucceeded(sendAndComplete(vertx, frame(1), 2));
    assertEquals(List.of(false, false), small.threads.stream().map(KafkaRelayLanesTest::onEventLoop).toList());
    ctx.completeNow();
  }
}
