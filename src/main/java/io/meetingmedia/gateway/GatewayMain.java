package io.meetingmedia.gateway;

import io.meetingmedia.gateway.config.ConfigException;
import io.meetingmedia.gateway.config.ConfigLoader;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.kafka.EmbeddedKafkaBroker;
import io.meetingmedia.gateway.simulator.SimulatorMain;
import io.meetingmedia.gateway.simulator.blast.BlastMain;
import io.meetingmedia.gateway.adapter.VendorRegistry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command line of the fat jar.
 *
 * <pre>
 * java -jar meeting-media-gateway.jar [--config FILE]          run the gateway
 * java -jar meeting-media-gateway.jar kafka [options]          run only a single-node Kafka broker
 * java -jar meeting-media-gateway.jar simulate --vendor V ...   play a vendor's bots against a gateway
 * java -jar meeting-media-gateway.jar blast --url WS_URL ...     the benchmark's near-zero-cost load generator
 * </pre>
 */
public final class GatewayMain {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && "simulate".equals(args[0])) {
      SimulatorMain.run(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && "blast".equals(args[0])) {
      BlastMain.run(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && "kafka".equals(args[0])) {
      runBroker(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
      usage();
      return;
    }
    runGateway(args);
  }

  private static void usage() {
    System.out.println("usage: java -jar meeting-media-gateway.jar [--config FILE]\n"
        + "       java -jar meeting-media-gateway.jar kafka [--data-dir DIR] [--host HOST] [--port N]"
        + " [--controller-port N]\n"
        + "       java -jar meeting-media-gateway.jar simulate --vendor VENDOR [options]   (simulate --help)\n"
        + "       java -jar meeting-media-gateway.jar blast --url ws://HOST:PORT/ingest/recall [options]   (blast --help)\n"
        + "The configuration file may also be named by GATEWAY_CONFIG; see README.md for every key.");
  }

  private static void runGateway(String[] args) throws InterruptedException {
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      if ("--config".equals(args[i]) && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else {
        System.err.println("unknown argument: " + args[i]);
        usage();
        System.exit(2);
      }
    }
    GatewayConfig config;
    try {
      ConfigLoader.Loaded loaded = ConfigLoader.load(file, System.getenv(), VendorRegistry.builtIn().names());
      config = loaded.config();
      LOG.atInfo().addKeyValue("file", loaded.file() == null ? "(built-in defaults)" : loaded.file().toString())
          .addKeyValue("version", version()).log("configuration loaded");
    } catch (ConfigException e) {
      System.err.println("Invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(config).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      System.err.println("Gateway failed to start: " + cause.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    long grace = config.shutdown().drainTimeoutSeconds() + config.shutdown().flushTimeoutSeconds() + 15L;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        gateway.stop().toCompletionStage().toCompletableFuture().get(grace, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.atError().addKeyValue("error", e.toString()).log("graceful stop did not complete");
      } finally {
        stopped.countDown();
      }
    }, "gateway-shutdown"));
    stopped.await();
  }

  private static void runBroker(String[] args) throws InterruptedException {
    Map<String, String> opts = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i], args[i + 1]);
    }
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of(opts.getOrDefault("--data-dir", "./data/kafka")),
        opts.getOrDefault("--host", "localhost"), Integer.parseInt(opts.getOrDefault("--port", "9092")),
        Integer.parseInt(opts.getOrDefault("--controller-port", "9093")), Map.of());
    System.out.println("Kafka broker listening on " + broker.bootstrapServers());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.stop();
      stopped.countDown();
    }, "kafka-shutdown"));
    stopped.await();
  }

  private static String version() {
    String v = GatewayMain.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
