package io.meetingmedia.gateway.bench;

import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.SessionOutput;
import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.meetingmedia.gateway.adapter.VendorSession;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.ingest.AckInbox;
import io.meetingmedia.gateway.envelope.EnvelopeIds;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.metrics.GatewayMetrics;
import io.meetingmedia.gateway.relay.CloudEventHeaders;
import io.meetingmedia.gateway.relay.KafkaRelayVerticle;
import io.meetingmedia.gateway.relay.RelayAddress;
import io.meetingmedia.gateway.relay.RelayRequest;
import io.meetingmedia.gateway.relay.TopicRouter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageProducer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The gateway's per-message overhead: everything between a complete WebSocket message and {@code producer.send},
 * for a ~1 KB Recall {@code transcript.data} event (the target is ≤ 10 µs). The socket and the broker are not in
 * it: the message is a byte array, the producer is Kafka's {@code MockProducer} completing at once.
 *
 * <ul>
 *   <li>{@code pipeline}: the gateway's path. Adapter parse, envelope, per-stream sequence, event-bus request to the
 *       real {@link KafkaRelayVerticle} (which sends through the Vert.x Kafka client's worker hop and answers with the
 *       acknowledgement), the reply on the connection's event loop, the meters. The connection part mirrors
 *       {@code WebSocketConnection.emit/send/acknowledged}; {@code ids} compares its {@code UUID.randomUUID()}
 *       (SecureRandom) with {@link EnvelopeIds}. Batches of 1,000 messages from one event loop, all replies awaited.
 *   <li>{@code direct}: the same adapter, envelope, headers and record, {@code producer.send} called in place: what
 *       the verticles, the event bus and the Kafka client's worker hop add is the difference.
 * </ul>
 *
 * <p>Besides wall time per message, each benchmark counts the CPU time of the whole JVM process (all threads: event
 * loops, the Kafka client's worker, GC, JIT) spent on its batches, {@code cpuNanos}, and the messages, {@code
 * messages}: on a shared machine, where other processes stretch wall time, {@code cpuNanos / messages} is the steadier
 * figure. {@code bench/jmh_table.py} prints both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class PerMessageBenchmark {
  private static final int BATCH = 1000;

  @Param({"random-uuid", "cheap"})
  public String ids;

  /** {@code transcript-1k}: the ~1 KB event of the target; {@code png-30k}: a ~30 KB base64 PNG frame. */
  @Param({"transcript-1k", "png-30k"})
  public String message;

  /**
   * {@code verticle}: the real {@link KafkaRelayVerticle}, sending through the Vert.x Kafka client (a worker-thread
   * hop per record and the acknowledgement back through the relay's context). {@code inline}: a stand-in consumer on
   * the same address that builds the same record and calls {@code producer.send} on its event loop, replying from
   * the callback: what the Vert.x Kafka client's hops cost is the difference. Only {@code pipeline} uses it.
   */
  @Param({"verticle", "inline"})
  public String relay;

  private Vertx vertx;
  private Context connectionContext;
  private MockProducer<String, byte[]> mock;
  private byte[] bytes;
  private GatewayMetrics metrics;
  private TopicRouter router;

  /** Process CPU time spent on the measured batches and the number of messages in them. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Cpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    public long cpuNanos;
    public long messages;

    @Setup(Level.Iteration)
    public void reset() {
      cpuNanos = 0;
      messages = 0;
    }

    static long now() {
      return OS.getProcessCpuTime();
    }
  }

  @Setup
  public void setUp() throws Exception {
    bytes = "png-30k".equals(message) ? BenchMessages.of("recall-png-360p-smooth").message() : transcript();
    vertx = Vertx.vertx();
    vertx.eventBus().registerCodec(new RelayRequest.LocalCodec());
    mock = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    GatewayConfig config = GatewayConfig.fromJson(new JsonObject(), VendorRegistry.builtIn().names());
    router = new TopicRouter(config.kafka().topics(), config.tenants());
    if ("inline".equals(relay)) {
      TopicRouter relayRouter = new TopicRouter(config.kafka().topics(), config.tenants());
      vertx.deployVerticle(new VerticleBase() {
        @Override
        public Future<?> start() {
          return vertx.eventBus().<RelayRequest>localConsumer(RelayAddress.ADDRESS, m -> {
            RelayRequest request = m.body();
            MediaEnvelope envelope = request.envelope();
            String key = relayRouter.key(envelope);
            mock.send(new ProducerRecord<>(relayRouter.topic(envelope), null, key, envelope.payload(),
                CloudEventHeaders.of(envelope, key)), (metadata, error) -> request.settled(error));
          }).completion();
        }
      }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } else {
      vertx.deployVerticle(new KafkaRelayVerticle(config, v -> KafkaProducer.create(v, mock)))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    connectionContext = vertx.getOrCreateContext();
    metrics = new GatewayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    if ("transcript-1k".equals(message) && (bytes.length < 900 || bytes.length > 1200)) {
      throw new IllegalStateException("the event message is " + bytes.length + " bytes, not ~1 KB");
    }
    connections();
  }

  @Setup(Level.Iteration)
  public void clearHistory() {
    mock.clear();
  }

  @TearDown
  public void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A ~1 KB Recall transcript.data message as Recall sends it (protocols.md §2). */
  static byte[] transcript() {
    StringBuilder words = new StringBuilder();
    String[] w = {"so", "the", "gateway", "keeps", "every", "frame", "in", "order"};
    for (int i = 0; i < 7; i++) {
      words.append(i == 0 ? "" : ",").append("{\"text\":\"").append(w[i % w.length])
          .append("\",\"start_timestamp\":{\"relative\":").append(10 + i * 0.5).append("},\"end_timestamp\":")
          .append("{\"relative\":").append(10.4 + i * 0.5).append("}}");
    }
    String meta = "\"metadata\":{}}";
    return ("{\"event\":\"transcript.data\",\"data\":{\"data\":{\"words\":[" + words + "],\"participant\":{\"id\":100,"
        + "\"name\":\"Jane Doe\",\"is_host\":true,\"platform\":\"desktop\",\"extra_data\":{},\"email\":null}},"
        + "\"realtime_endpoint\":{\"id\":\"5a8e7bde-6c0e-4a7a-9a34-0b1c5f3f1e11\"," + meta + ",\"transcript\":{\"id\":"
        + "\"0c6c2f7e-3f0f-4c55-9d1e-2f5b7c7a9d10\"," + meta + ",\"recording\":{\"id\":"
        + "\"9b2f6a2c-1d4e-4f8a-8c3b-6e5d4c3b2a19\"," + meta + ",\"bot\":{\"id\":"
        + "\"7f3e2d1c-0b9a-4876-9543-210fedcba987\"," + meta + "}}").getBytes(StandardCharsets.UTF_8);
  }

  /** What WebSocketConnection does per message, with the relay behind the event bus. */
  private final class Connection implements SessionOutput {
    private final VendorSession session = VendorRegistry.builtIn().find("recall").orElseThrow().newSession();
    private final Map<String, long[]> sequences = new HashMap<>();
    private final String connectionId = UUID.randomUUID().toString();
    private Instant receivedAt;
    private CountDownLatch done;
    private boolean viaEventBus;
    private AckInbox<Delivery> acks;
    private MessageProducer<RelayRequest> relaySender;

    void message(byte[] bytes) throws BadMessageException {
      metrics.messageIn("recall", bytes.length);
      receivedAt = Instant.now();
      session.onText(bytes, this);
    }

    @Override
    public EnvelopeBuilder envelope() {
      return new EnvelopeBuilder("default", "recall", connectionId, receivedAt);
    }

    @Override
    public void emit(EnvelopeBuilder envelope) {
      String stream = envelope.kind() + "|" + envelope.botId() + "|" + envelope.participantId() + "|"
          + envelope.source();
      long seq = sequences.computeIfAbsent(stream, k -> new long[1])[0]++;
      String id = "cheap".equals(ids) ? EnvelopeIds.next() : UUID.randomUUID().toString();
      MediaEnvelope built = envelope.build(id, seq);
      if (viaEventBus) {
        Delivery delivery = new Delivery(built);
        relaySender.write(delivery).onFailure(delivery::settled);
      } else {
        String key = router.key(built);
        mock.send(new ProducerRecord<>(router.topic(built), null, key, built.payload(),
            CloudEventHeaders.of(built, key)));
      }
    }

    @Override
    public void replyText(String text) {
    }

    private void acknowledged(Delivery delivery) {
      if (delivery.failure == null) {
        MediaEnvelope built = delivery.envelope();
        metrics.recordAcked("recall", built.kind(), built.size(), System.nanoTime() - delivery.start);
      }
      done.countDown();
    }

    /** As WebSocketConnection's: the relay settles it, the connection's event loop handles it in batches. */
    private final class Delivery extends RelayRequest {
      final long start = System.nanoTime();
      Throwable failure;

      Delivery(MediaEnvelope envelope) {
        super(envelope);
      }

      @Override
      public void settled(Throwable failure) {
        this.failure = failure;
        acks.post(this);
      }
    }

    @Override
    public long receivedAtMillis() {
      return receivedAt.toEpochMilli();
    }
  }

  private Connection pipelineConnection;
  private Connection directConnection;

  private void connections() {
    pipelineConnection = new Connection();
    pipelineConnection.viaEventBus = true;
    pipelineConnection.acks = new AckInbox<>(connectionContext, pipelineConnection::acknowledged);
    pipelineConnection.relaySender = vertx.eventBus().sender(RelayAddress.ADDRESS, RelayRequest.delivery());
    directConnection = new Connection();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void pipeline(Cpu cpu) throws Exception {
    long cpuStart = Cpu.now();
    CountDownLatch done = new CountDownLatch(BATCH);
    pipelineConnection.done = done;
    connectionContext.runOnContext(v -> {
      for (int i = 0; i < BATCH; i++) {
        try {
          pipelineConnection.message(bytes);
        } catch (BadMessageException e) {
          throw new IllegalStateException(e);
        }
      }
    });
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("replies missing: " + done.getCount());
    }
    cpu.cpuNanos += Cpu.now() - cpuStart;
    cpu.messages += BATCH;
    mock.clear();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void direct(Cpu cpu) throws Exception {
    long cpuStart = Cpu.now();
    for (int i = 0; i < BATCH; i++) {
      directConnection.message(bytes);
    }
    cpu.cpuNanos += Cpu.now() - cpuStart;
    cpu.messages += BATCH;
    mock.clear();
  }
}
