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
import java.util.ArrayDeque;
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
 * for the producer to forget its metadata, is handed to {@code send()} on a worker thread (ordered per relay). Once
 * the topic has an acknowledgement, records of up to {@value #EVENT_LOOP_MAX_BYTES} bytes go to {@code send()} on
 * this event loop: for small records the worker hop costs more CPU than the rest of the relay (docs/benchmark.md,
 * "Per-message cost"). Larger records take the worker. A small record that arrives while records of its topic are
 * still being handed over on the worker waits in the lane until they are, so a topic's records reach {@code send()}
 * in order; it waits for the hand-over only, not for Kafka's acknowledgement, so a topic under constant load leaves
 * the worker as soon as it is warm. A failed record puts its topic back on the worker lane until the next
 * acknowledgement. Kafka's answer settles each request straight from the producer's callback.
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
  /** Record keys and the headers each stream's records share; used on this verticle's event loop only. */
  private final StreamHeaders.Cache streams;
  private final Runnable onAck;
  private final Function<Vertx, KafkaProducer<String, byte[]>> producers;
  private KafkaProducer<String, byte[]> producer;
  private org.apache.kafka.clients.producer.Producer<String, byte[]> kafka;
  private MessageConsumer<RelayRequest> consumer;
  private final Map<String, Lane> lanes = new HashMap<>();
  /** False when the producer settings let {@code send()} block on a full buffer: then every record uses the worker. */
  private final boolean eventLoopSends;
  /** How long a topic may be idle before its metadata may be gone from the producer. */
  private final long idleNanos;

  /** One topic's lane state; touched only on this verticle's event loop, except {@link #acknowledged}. */
  private static final class Lane {
    /** Written by Kafka's callbacks (I/O thread), read on this event loop. */
    volatile boolean acknowledged;
    /** Records of this topic queued on the worker whose {@code send()} has not returned yet. */
    int handingOver;
    /** Small records waiting for {@link #handingOver} to reach 0, in arrival order. */
    final ArrayDeque<Outgoing> held = new ArrayDeque<>();
    long lastSendNanos;
  }

  /** A request and the record made of it. */
  private record Outgoing(RelayRequest request, ProducerRecord<String, byte[]> record, Lane lane) {
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
    this.streams = new StreamHeaders.Cache(router);
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
    kafka = producer.unwrap();
    consumer = vertx.eventBus().localConsumer(RelayAddress.ADDRESS, this::relay);
    return consumer.completion();
  }

  private void relay(Message<RelayRequest> message) {
    RelayRequest request = message.body();
    MediaEnvelope envelope = request.envelope();
    StreamHeaders stream = streams.of(envelope);
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(router.topic(envelope), null, stream.key,
        envelope.payload(), CloudEventHeaders.of(envelope, stream));
    Lane lane = lanes.computeIfAbsent(record.topic(), t -> new Lane());
    Outgoing out = new Outgoing(request, record, lane);
    long now = System.nanoTime();
    boolean warm = warm(lane, now);
    lane.lastSendNanos = now;
    if (!warm || envelope.size() > EVENT_LOOP_MAX_BYTES) {
      // everything held goes first, so that the topic's records stay in order
      flushHeld(lane, false);
      onWorker(out);
    } else if (lane.handingOver > 0 || !lane.held.isEmpty()) {
      lane.held.add(out);
    } else {
      onEventLoop(out);
    }
  }

  private boolean warm(Lane lane, long now) {
    return eventLoopSends && lane.acknowledged && now - lane.lastSendNanos < idleNanos;
  }

  private void onEventLoop(Outgoing out) {
    try {
      // settled on the producer's I/O thread: the sender hands its bookkeeping to its own event loop
      kafka.send(out.record(), (metadata, error) -> settle(out, error));
    } catch (RuntimeException e) {
      // thrown only when the producer is closed or the record cannot be serialized; Kafka's own errors come back
      // through the callback
      settle(out, e);
    }
  }

  /** Hands the record to {@code send()} on a worker, in order with the relay's other worker records. */
  private void onWorker(Outgoing out) {
    Lane lane = out.lane();
    lane.handingOver++;
    vertx.executeBlocking(() -> kafka.send(out.record(), (metadata, error) -> settle(out, error)), true)
        .onComplete(ar -> {
          lane.handingOver--;
          if (ar.failed()) {
            // send() itself threw (closed producer, interrupted, unserializable): Kafka will not call back
            settle(out, ar.cause());
          }
          if (lane.handingOver == 0) {
            flushHeld(lane, warm(lane, System.nanoTime()));
          }
        });
  }

  /** Sends what waited for the worker's hand-over: on this event loop when the topic is warm, else on the worker. */
  private void flushHeld(Lane lane, boolean warm) {
    Outgoing held;
    while ((held = lane.held.poll()) != null) {
      if (warm) {
        onEventLoop(held);
      } else {
        onWorker(held);
      }
    }
  }

  /**
   * Settles one request with Kafka's answer, on the producer's I/O thread (or on this event loop when {@code send()}
   * threw). The lane's flag only decides which lane the next record takes, never its order.
   */
  private void settle(Outgoing out, Throwable error) {
    RelayRequest request = out.request();
    Lane lane = out.lane();
    if (error == null) {
      if (!lane.acknowledged) {
        lane.acknowledged = true;
      }
      onAck.run();
    } else {
      lane.acknowledged = false;
      MediaEnvelope envelope = request.envelope();
      LOG.atError().addKeyValue("topic", out.record().topic()).addKeyValue("vendor", envelope.vendor())
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
