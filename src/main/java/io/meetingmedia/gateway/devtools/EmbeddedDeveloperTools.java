package io.meetingmedia.gateway.devtools;

import io.meetingmedia.gateway.DeveloperTools;
import io.meetingmedia.gateway.config.EmbeddedKafkaConfig;
import io.meetingmedia.gateway.kafka.EmbeddedKafkaBroker;
import io.meetingmedia.gateway.simulator.SimulatorMain;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The developer artifact's tools: the embedded broker (started when no bootstrap servers are configured, and by
 * the {@code kafka} command) and the {@code simulate} command. Registered as a service in this artifact only; the
 * production artifact's shade filter leaves this package, the broker and the simulator out.
 */
public final class EmbeddedDeveloperTools implements DeveloperTools {

  @Override
  public boolean complete() {
    try {
      Class.forName("kafka.server.KafkaRaftServer", false, EmbeddedDeveloperTools.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Override
  public LocalBroker startBroker(EmbeddedKafkaConfig embedded) {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of(embedded.dataDir()), embedded.host(),
        embedded.port(), embedded.controllerPort(), Map.of());
    return new LocalBroker() {
      @Override
      public String bootstrapServers() {
        return broker.bootstrapServers();
      }

      @Override
      public void stop() {
        broker.stop();
      }
    };
  }

  @Override
  public boolean run(String command, String[] args) throws Exception {
    switch (command) {
      case "simulate" -> SimulatorMain.run(args);
      case "kafka" -> runBroker(args);
      case "blast" -> io.meetingmedia.gateway.simulator.blast.BlastMain.run(args);
      default -> {
        return false;
      }
    }
    return true;
  }

  private static void runBroker(String[] args) throws InterruptedException {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i], args[i + 1]);
    }
    Path dataDir = Path.of(opts.getOrDefault("--data-dir", "./data/kafka"));
    String host = opts.getOrDefault("--host", "localhost");
    int port = Integer.parseInt(opts.getOrDefault("--port", "9092"));
    int controllerPort = Integer.parseInt(opts.getOrDefault("--controller-port", "9093"));
    // --node-id N --voters 1@h:p,2@h:p,3@h:p --cluster-id ID: one node of a multi-node cluster (bench/failover.sh)
    EmbeddedKafkaBroker broker = opts.containsKey("--voters")
        ? EmbeddedKafkaBroker.startNode(dataDir, host, port, controllerPort,
            new EmbeddedKafkaBroker.ClusterMembership(Integer.parseInt(opts.getOrDefault("--node-id", "1")),
                opts.get("--voters"), opts.getOrDefault("--cluster-id", "bW1nLWZhaWxvdmVyLTAwMQ")), Map.of())
        : EmbeddedKafkaBroker.start(dataDir, host, port, controllerPort, Map.of());
    System.out.println("Kafka broker listening on " + broker.bootstrapServers());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.stop();
      stopped.countDown();
    }, "kafka-shutdown"));
    stopped.await();
  }
}
