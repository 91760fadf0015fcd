package io.meetingmedia.gateway;

import io.meetingmedia.gateway.config.ConfigException;
import io.meetingmedia.gateway.config.ConfigLoader;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.adapter.VendorRegistry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command line of both artifacts.
 *
 * <pre>
 * java -jar meeting-media-gateway[-production].jar [--config FILE]   run the gateway
 * java -jar meeting-media-gateway.jar kafka [options]               run only a single-node Kafka broker (developer)
 * java -jar meeting-media-gateway.jar simulate --vendor V ...        play a vendor's bots (developer)
 * java -jar meeting-media-gateway.jar blast --url WS_URL ...         near-zero-cost load generator (developer)
 * </pre>
 */
public final class GatewayMain {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && ("simulate".equals(args[0]) || "kafka".equals(args[0])
        || "blast".equals(args[0]))) {
      DeveloperTools tools = DeveloperTools.find().orElse(null);
      if (tools == null) {
        System.err.println("'" + args[0] + "' is a developer command: it is in the developer artifact "
            + "meeting-media-gateway.jar, not in this production artifact.");
        System.exit(ExitCodes.CONFIG_INVALID);
      }
      tools.run(args[0], Arrays.copyOfRange(args, 1, args.length));
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
        + " [--controller-port N] [--node-id N --voters 1@H:P,2@H:P,3@H:P --cluster-id ID]\n"
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
        System.exit(ExitCodes.CONFIG_INVALID);
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
      System.exit(ExitCodes.CONFIG_INVALID);
      return;
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(config).toCompletionStage().toCompletableFuture().get();
    } catch (ConfigException e) {
      System.err.println("Invalid configuration: " + e.getMessage());
      System.exit(ExitCodes.CONFIG_INVALID);
      return;
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      System.err.println("Gateway failed to start: " + cause.getMessage());
      System.exit(ExitCodes.STARTUP_FAILED);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    long grace = config.shutdown().drainTimeoutSeconds() + config.shutdown().flushTimeoutSeconds() + 15L;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      int code = ExitCodes.DRAIN_INCOMPLETE;
      try {
        StopOutcome outcome = gateway.stop().toCompletionStage().toCompletableFuture().get(grace, TimeUnit.SECONDS);
        code = outcome.exitCode();
      } catch (Exception e) {
        LOG.atError().addKeyValue("error", e.toString()).log("graceful stop did not complete");
      } finally {
        stopped.countDown();
      }
      LOG.atInfo().addKeyValue("exitCode", code).log("exiting");
      System.out.flush();
      System.err.flush();
      // the JVM's own status after SIGTERM is 143, which Kubernetes reports as an error; a completed drain is not
      Runtime.getRuntime().halt(code);
    }, "gateway-shutdown"));
    stopped.await();
  }

  private static String version() {
    String v = GatewayMain.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
