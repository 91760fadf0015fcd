package io.meetingmedia.gateway.relay;

import static io.meetingmedia.gateway.relay.RelayFixtures.frame;
import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The relay against Kafka's {@code MockProducer}: a request is settled by the acknowledgement, nothing earlier. */
@ExtendWith(VertxExtension.class)
class KafkaRelayVerticleTest {
  private MockProducer<String, byte[]> mock;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    mock = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    RelayFixtures.deployRelay(vertx, mock).onComplete(ctx.succeedingThenComplete());
  }

  private static String header(ProducerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void settlesOnlyOnceKafkaAcknowledges(Vertx vertx) throws Exception {
    Future<Void> reply = RelayFixtures.send(vertx, frame(7));
    await("the record to reach the producer").atMost(Duration.ofSeconds(10)).until(() -> mock.history().size() == 1);
    ProducerRecord<String, byte[]> record = mock.history().get(0);
    assertEquals("meeting.video.frames", record.topic());
    assertEquals("bot-1:100", record.key());
    assertArrayEquals("png 7".getBytes(StandardCharsets.UTF_8), record.value());
    assertEquals("7", header(record, "ce_seq"));
    assertEquals("2026-01-01T00:00:00Z", header(record, "ce_receivedat"));
    assertEquals("/tenants/default/vendors/recall/bots/bot-1", header(record, "ce_source"));
    assertFalse(reply.isComplete(), "not settled before the acknowledgement");

    assertTrue(mock.completeNext());
    reply.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(reply.succeeded());
  }

  @Test
  void failsWithKafkasErrorWhenKafkaDoesNotAcknowledge(Vertx vertx) throws Exception {
    Future<Void> reply = RelayFixtures.send(vertx, frame(0));
    await("the record to reach the producer").atMost(Duration.ofSeconds(10)).until(() -> mock.history().size() == 1);
    assertTrue(mock.errorNext(new TimeoutException("Expiring 1 record(s)")));
    await("the settlement").atMost(Duration.ofSeconds(10)).until(reply::isComplete);
    TimeoutException failure = assertInstanceOf(TimeoutException.class, reply.cause());
    assertEquals("Expiring 1 record(s)", failure.getMessage());
  }

  @Test
  void keepsTheOrderOfOneSender(Vertx vertx) throws Exception {
    int n = 200;
    List<Long> replies = Collections.synchronizedList(new ArrayList<>());
    vertx.runOnContext(v -> {
      for (long seq = 0; seq < n; seq++) {
        long s = seq;
        RelayFixtures.send(vertx, frame(seq)).onSuccess(m -> replies.add(s));
      }
    });
    await("every record to reach the producer").atMost(Duration.ofSeconds(10)).until(() -> mock.history().size() == n);
    List<String> sent = mock.history().stream().map(r -> header(r, "ce_seq")).collect(Collectors.toList());
    assertEquals(IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.toList()), sent);
    int completed = 0;
    while (mock.completeNext()) {
      completed++;
    }
    assertEquals(n, completed);
    await("every settlement").atMost(Duration.ofSeconds(10)).until(() -> replies.size() == n);
    assertEquals(IntStream.range(0, n).mapToObj(Long::valueOf).collect(Collectors.toList()), replies);
  }
}
