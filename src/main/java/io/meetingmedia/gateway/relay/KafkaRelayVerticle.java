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
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes envelopes to Kafka with one shared producer and answers each event-bus request with the Kafka
 * acknowledgement. One instance consumes the address, so records of a connection reach the producer in the order
 * the connection sent them; the producer's serial send executor and idempotence keep that order per partition.
 */
public final class KafkaRelayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaRelayVerticle.class);
  /** Name of the shared producer. */
  public static final String PRODUCER_NAME = "meeting-media-gateway";

  private final GatewayConfig config;
  private final TopicRouter router;
  private final Runnable onAck;
  private final Function<Vertx, KafkaProducer<String, byte[]>> producers;
  private KafkaProducer<String, byte[]> producer;
  private KafkaWriteStream<String, byte[]> stream;
  private MessageConsumer<MediaEnvelope> consumer;

  public KafkaRelayVerticle(GatewayConfig config) {
    this(config, () -> { });
  }

  /** @param onAck called for every acknowledged record (readiness uses it as proof that Kafka takes writes) */
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
  }

  @Override
  public Future<?> start() {
    producer = producers.apply(vertx);
    stream = producer.asStream();
    // every failed send is answered and logged per record in relay(); without a handler Vert.x would also log each
    // one as an "Unhandled exception" of the context
    stream.exceptionHandler(e -> { });
    consumer = vertx.eventBus().localConsumer(RelayAddress.ADDRESS, this::relay);
    return consumer.completion();
  }

  private void relay(Message<MediaEnvelope> message) {
    MediaEnvelope envelope = message.body();
    String key = router.key(envelope);
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(router.topic(envelope), null, key,
        envelope.payload(), CloudEventHeaders.of(envelope, key));
    stream.send(record).onComplete(ar -> {
      if (ar.succeeded()) {
        onAck.run();
        message.reply(null);
      } else {
        LOG.atError().addKeyValue("topic", record.topic()).addKeyValue("vendor", envelope.vendor())
            .addKeyValue("tenant", envelope.tenant()).addKeyValue("botId", envelope.botId())
            .addKeyValue("connectionId", envelope.connectionId()).addKeyValue("error", ar.cause().toString())
            .log("Kafka did not acknowledge a record");
        message.fail(RelayAddress.DELIVERY_FAILED, ar.cause().getClass().getSimpleName() + ": "
            + ar.cause().getMessage());
      }
    });
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
