package io.meetingmedia.gateway.relay;

import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.kafka.KafkaClientSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaWriteStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes envelopes to Kafka with one shared producer and settles each {@link RelayRequest} with Kafka's
 * acknowledgement. One instance consumes the address, so records of a connection reach the producer in the order
 * the connection sent them; the producer's serial send executor and idempotence keep that order per partition.
 *
 * <p>Two lanes per topic. {@code send()} blocks only to fetch a topic's metadata (the buffer cannot fill: it covers
 * everything the budgets admit), so the first record of a topic, and the first after the topic was idle long enough
 * for the producer to forget its metadata, goes through the Vert.x Kafka client's worker thread. Once the topic has
 * an acknowledgement and nothing of it is still on the worker, records of up to {@value #EVENT_LOOP_MAX_BYTES} bytes go
 * to {@code send()} on this event loop: for small records the worker hop and its two returns cost more CPU than the
 * rest of the relay (docs/benchmark.md, "Per-message cost"). Larger records, and any record while one of its topic is
 * on the worker, take the worker, so a topic's records reach {@code send()} in order. A failed record puts its topic
 * back on the worker lane until the next acknowledgement.
 */
public final class KafkaRelayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaRelayVerticle.class);
  /**
   * Largest record handed to {@code send()} on the event loop: {@code send()} copies the value into the producer's
   * batch, and a copy of 32 KiB costs about what the worker hop does; larger frames keep the worker, which also
   * spreads their copies over another thread.
   */
  static final int EVENT_LOOP_MAX_BYTES = 32 * 1024;
  /** Name of the shared producer. */
  public static final String PRODUCER_NAME = "meeting-media-gateway";

  private final GatewayConfig config;
  private final TopicRouter router;
  private final Runnable onAck;
  private final Function<Vertx, KafkaProducer<String, byte[]>> producers;
  private KafkaProducer<String, byte[]> producer;
  private KafkaWriteStream<String, byte[]> stream;
  private org.apache.kafka.clients.producer.Producer<String, byte[]> kafka;
  private MessageConsumer<RelayRequest> consumer;
  private final Map<String, Lane> lanes = new HashMap<>();
  /** False when the producer settings let {@code send()} block on a full buffer: then every record uses the worker. */
  private final boolean eventLoopSends;
  /** How long a topic may be idle before its metadata may be gone from the producer. */
  private final long idleNanos;

  /** One topic's lane state; touched only on this verticle's event loop. */
  private static final class Lane {
    /** Written by Kafka's callbacks (I/O thread), read on this event loop. */
    volatile boolean acknowledged;
    int onWorker;
    long lastSendNanos;
  }

  public KafkaRelayVerticle(GatewayConfig config) {
    this(config, () -> { });
  }

  /**
   * @param onAck called for every acknowledged record, on Kafka's I/O thread or the relay's event loop (readiness
   *              uses it as proof that Kafka takes writes); it must be cheap and thread-safe
   */
  public KafkaRelayVerticle(GatewayConfig config, Runnable onAck) {
    this(config, vertx -> KafkaProducer.createShared(vertx, PRODUCER_NAME, KafkaClientSettings.producer(config)),
        onAck);
  }

  /**
   * With another producer, for tests and benchmarks: e.g. Kafka's {@code MockProducer} through
   * {@code KafkaProducer.create(vertx, mockProducer)}.
   *
   * @param config    the configuration (topics, tenants, shutdown flush timeout)
   * @param producers creates the producer when the verticle starts
   */
  public KafkaRelayVerticle(GatewayConfig config, Function<Vertx, KafkaProducer<String, byte[]>> producers) {
    this(config, producers, () -> { });
  }

  private KafkaRelayVerticle(GatewayConfig config, Function<Vertx, KafkaProducer<String, byte[]>> producers,
      Runnable onAck) {
    this.config = config;
    this.onAck = onAck;
    this.router = new TopicRouter(config.kafka().topics(), config.tenants());
    this.producers = producers;
    Map<String, String> settings = KafkaClientSettings.producer(config);
    // a setting Kafka itself would refuse (not a number) just keeps every record on the worker
    this.eventLoopSends = longSetting(settings, ProducerConfig.BUFFER_MEMORY_CONFIG, -1)
        >= KafkaClientSettings.maxAdmittedBytes(config);
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(
        longSetting(settings, ProducerConfig.METADATA_MAX_IDLE_CONFIG, 300_000) / 2);
  }

  private static long longSetting(Map<String, String> settings, String name, long otherwise) {
    try {
      return Long.parseLong(settings.getOrDefault(name, String.valueOf(otherwise)).trim());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  @Override
  public Future<?> start() {
    producer = producers.apply(vertx);
    stream = producer.asStream();
    kafka = producer.unwrap();
    // every failed send is settled and logged per record in settle(); without a handler Vert.x would also log each
    // one as an "Unhandled exception" of the context
    stream.exceptionHandler(e -> { });
    consumer = vertx.eventBus().localConsumer(RelayAddress.ADDRESS, this::relay);
    return consumer.completion();
  }

  private void relay(Message<RelayRequest> message) {
    RelayRequest request = message.body();
    MediaEnvelope envelope = request.envelope();
    String key = router.key(envelope);
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(router.topic(envelope), null, key,
        envelope.payload(), CloudEventHeaders.of(envelope, key));
    Lane lane = lanes.computeIfAbsent(record.topic(), t -> new Lane());
    long now = System.nanoTime();
    boolean onEventLoop = eventLoopSends && lane.acknowledged && lane.onWorker == 0
        && now - lane.lastSendNanos < idleNanos && envelope.size() <= EVENT_LOOP_MAX_BYTES;
    lane.lastSendNanos = now;
    if (onEventLoop) {
      try {
        // settled on the producer's I/O thread: the sender hands its bookkeeping to its own event loop
        kafka.send(record, (metadata, error) -> settle(request, record, lane, error));
      } catch (RuntimeException e) {
        // thrown only when the producer is closed or the record cannot be serialized; Kafka's own errors come back
        // through the callback
        settle(request, record, lane, e);
      }
      return;
    }
    lane.onWorker++;
    stream.send(record).onComplete(ar -> {
      lane.onWorker--;
      settle(request, record, lane, ar.failed() ? ar.cause() : null);
    });
  }

  /**
   * Settles one request with Kafka's answer, on the producer's I/O thread (event-loop lane) or on this event loop
   * (worker lane). Kafka calls back in send order per partition; a lane's flag set slightly out of order between the
   * two lanes only decides which lane the next record takes, never its order (see the class comment).
   */
  private void settle(RelayRequest request, ProducerRecord<String, byte[]> record, Lane lane, Throwable error) {
    if (error == null) {
      if (!lane.acknowledged) {
        lane.acknowledged = true;
      }
      onAck.run();
    } else {
      lane.acknowledged = false;
      MediaEnvelope envelope = request.envelope();
      LOG.atError().addKeyValue("topic", record.topic()).addKeyValue("vendor", envelope.vendor())
          .addKeyValue("tenant", envelope.tenant()).addKeyValue("botId", envelope.botId())
          .addKeyValue("connectionId", envelope.connectionId()).addKeyValue("error", error.toString())
          .log("Kafka did not acknowledge a record");
    }
    request.settled(error);
  }

  @Override
  public Future<?> stop() {
    long flushMillis = config.shutdown().flushTimeoutSeconds() * 1000L;
    return consumer.unregister()
        // shutdown.flushTimeoutSeconds bounds the flush: when Kafka is throttled or absent, Kafka's own close with a
        // timeout ends the flush blocked on the producer's serial worker (the wrapper's close would queue behind it)
        .compose(v -> producer.flush().timeout(Math.max(1, flushMillis), java.util.concurrent.TimeUnit.MILLISECONDS)
            .recover(err -> vertx.executeBlocking(() -> {
              producer.unwrap().close(java.time.Duration.ofMillis(flushMillis));
              return null;
            }, false)))
        .eventually(() -> producer.close(flushMillis))
        .onSuccess(v -> LOG.info("Kafka producer flushed and closed"));
  }
}
