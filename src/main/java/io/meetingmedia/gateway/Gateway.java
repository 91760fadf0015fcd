package io.meetingmedia.gateway;

import io.meetingmedia.gateway.auth.HandshakeGate;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.KafkaConfig;
import io.meetingmedia.gateway.config.TenantConfig;
import io.meetingmedia.gateway.config.VendorRouteConfig;
import io.meetingmedia.gateway.http.ManagementVerticle;
import io.meetingmedia.gateway.ingest.IngestServices;
import io.meetingmedia.gateway.ingest.IngestVerticle;
import io.meetingmedia.gateway.kafka.KafkaReachability;
import io.meetingmedia.gateway.kafka.TopicProvisioner;
import io.meetingmedia.gateway.metrics.GatewayMetrics;
import io.meetingmedia.gateway.relay.KafkaRelayVerticle;
import io.meetingmedia.gateway.relay.RelayRequest;
import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.meetingmedia.gateway.view.ViewVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots and stops the whole gateway in order. Start: embedded broker if no Kafka is configured, Vert.x, topic
 * checks, relay, ingest listeners, management. Stop (SIGTERM): readiness false and no new upgrades, drain every
 * socket (1001 after its records are acknowledged), flush the producer, close Vert.x, stop the embedded broker.
 */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final GatewayConfig config;
  private final Vertx vertx;
  private final DeveloperTools.LocalBroker broker;
  private final IngestServices services;
  private final PrometheusMeterRegistry registry;
  private KafkaReachability reachability;
  private String relayDeployment;
  private String ingestDeployment;
  private String managementDeployment;
  private Future<StopOutcome> stopping;

  private Gateway(GatewayConfig config, Vertx vertx, DeveloperTools.LocalBroker broker,
      PrometheusMeterRegistry registry) {
    this.config = config;
    this.vertx = vertx;
    this.broker = broker;
    this.registry = registry;
    GatewayMetrics metrics = new GatewayMetrics(registry);
    // every series exists from start-up, at 0: alerts on rate()/increase() see the first failure, the HPA sees 0
    metrics.preRegister(config.vendors().values().stream().filter(VendorRouteConfig::enabled)
        .map(VendorRouteConfig::vendor).sorted().toList(),
        config.tenants().isEmpty() ? List.of(HandshakeGate.DEFAULT_TENANT)
            : config.tenants().stream().map(TenantConfig::id).toList());
    this.services = new IngestServices(config, metrics);
  }

  /**
   * Starts a gateway with the developer tools this artifact has (none in the production artifact). Blocks while an
   * embedded broker starts, then returns a future completed once every listener accepts connections.
   *
   * @throws io.meetingmedia.gateway.config.ConfigException when the production artifact is started without
   *                                                        bootstrap servers or tenants
   */
  public static Future<Gateway> start(GatewayConfig configured) {
    return start(configured, DeveloperTools.find().orElse(null));
  }

  /**
   * @param configured     the configuration
   * @param developerTools the embedded broker's launcher, or {@code null} to behave as the production artifact
   * @return a future completed once every listener accepts connections
   * @throws io.meetingmedia.gateway.config.ConfigException when {@link ProductionDefaults} refuse the configuration
   */
  public static Future<Gateway> start(GatewayConfig configured, DeveloperTools developerTools) {
    ProductionDefaults.check(configured, developerTools != null);
    DeveloperTools.LocalBroker broker = null;
    GatewayConfig config = configured;
    if (configured.kafka().useEmbedded()) {
      KafkaConfig kafka = configured.kafka();
      LOG.atWarn().addKeyValue("dataDir", kafka.embedded().dataDir())
          .log("No Kafka bootstrap servers configured (kafka.bootstrapServers / KAFKA_BOOTSTRAP_SERVERS): starting an "
              + "EMBEDDED single-node Kafka broker for development. Point the gateway at a real cluster in production.");
      broker = developerTools.startBroker(kafka.embedded());
      config = configured.withKafka(kafka.withBootstrapServers(broker.bootstrapServers()));
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_CODE, Label.HTTP_METHOD))
        // the event bus carries one request per record; Vert.x's meter look-up on each was ~5 % of the CPU on small
        // messages, and gateway_inflight_bytes / gateway_kafka_send already say what is in flight
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS);
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry)).build();
    vertx.eventBus().registerCodec(new RelayRequest.LocalCodec());
    Gateway gateway = new Gateway(config, vertx, broker, registry);
    CompletableFuture<Gateway> started = new CompletableFuture<>();
    gateway.deploy().onComplete(ar -> {
      if (ar.succeeded()) {
        started.complete(gateway);
      } else {
        LOG.atError().addKeyValue("error", ar.cause().getMessage()).log("gateway failed to start");
        gateway.closeVertxAndBroker().thenRun(() -> started.completeExceptionally(ar.cause()));
      }
    });
    return Future.fromCompletionStage(started);
  }

  /**
   * Closes Vert.x from a plain thread and completes a context-free future: a callback scheduled on an event loop
   * that the close has just terminated would never run.
   */
  private CompletableFuture<Void> closeVertxAndBroker() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    new Thread(() -> {
      if (reachability != null) {
        reachability.close();
      }
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.atWarn().addKeyValue("error", e.toString()).log("Vert.x did not close cleanly");
      }
      if (broker != null) {
        broker.stop();
      }
      done.complete(null);
    }, "gateway-close").start();
    return done;
  }

  private Future<Void> deploy() {
    int instances = config.ingest().effectiveInstances();
    Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
    checks.put("ingest", () -> services.accepting(instances));
    checks.put("kafka", () -> reachability != null && reachability.isReachable());
    return vertx.deployVerticle(new ManagementVerticle(config.management(), checks, registry))
        .compose(id -> {
          managementDeployment = id;
          return vertx.executeBlocking(() -> {
            new TopicProvisioner(config).provision();
            return null;
          });
        })
        .compose(v -> {
          reachability = new KafkaReachability(vertx, config.kafka());
          reachability.start(5000);
          return vertx.deployVerticle(new KafkaRelayVerticle(config, reachability::acknowledged));
        })
        .compose(id -> {
          relayDeployment = id;
          VendorRegistry vendors = VendorRegistry.builtIn();
          return vertx.deployVerticle(() -> new IngestVerticle(config, vendors, services),
              new DeploymentOptions().setInstances(instances));
        })
        .compose(id -> {
          ingestDeployment = id;
          // the live view (off unless view.enabled): reads Kafka back, so it starts after the topics exist
          return config.view().enabled() ? vertx.deployVerticle(new ViewVerticle(config, registry)) : Future
              .succeededFuture(id);
        })
        .map(id -> {
          LOG.atInfo().addKeyValue("ingestPort", config.ingest().port())
              .addKeyValue("managementPort", config.management().port())
              .addKeyValue("viewPort", config.view().enabled() ? config.view().port() : null)
              .addKeyValue("kafka", config.kafka().bootstrapServers()).log("gateway started");
          return null;
        });
  }

  /**
   * Stops the gateway in order; safe to call more than once.
   *
   * @return completed once everything is closed, with whether the drain completed (every record read from a socket
   *     acknowledged by Kafka when the ingest verticles finished draining) or timed out with records in flight
   */
  public synchronized Future<StopOutcome> stop() {
    if (stopping == null) {
      LOG.info("stopping: readiness off, draining vendor sockets");
      services.startDraining();
      Future<Void> ingest = ingestDeployment == null ? Future.succeededFuture() : vertx.undeploy(ingestDeployment);
      long[] unacknowledged = new long[1];
      Future<Void> beforeClose = ingest
          .eventually(() -> {
            // the drain is over: each socket closed after its records were acknowledged, or at the drain timeout
            unacknowledged[0] = services.budget().used();
            return relayDeployment == null ? Future.succeededFuture() : vertx.undeploy(relayDeployment);
          })
          .eventually(() -> managementDeployment == null ? Future.succeededFuture()
              : vertx.undeploy(managementDeployment));
      CompletableFuture<StopOutcome> done = new CompletableFuture<>();
      beforeClose.onComplete(ar -> closeVertxAndBroker().thenRun(() -> {
        StopOutcome outcome = new StopOutcome(unacknowledged[0] == 0 && services.drainComplete(), unacknowledged[0]);
        LOG.atInfo().addKeyValue("drained", outcome.drained())
            .addKeyValue("unacknowledgedBytes", outcome.unacknowledgedBytes()).log("gateway stopped");
        done.complete(outcome);
      }));
      stopping = Future.fromCompletionStage(done);
    }
    return stopping;
  }

  /** @return the effective configuration (with the embedded broker's address when one runs) */
  public GatewayConfig config() {
    return config;
  }

  /** @return the Vert.x instance */
  public Vertx vertx() {
    return vertx;
  }

  /** @return the shared ingest services (budget, metrics) */
  public IngestServices services() {
    return services;
  }
}
