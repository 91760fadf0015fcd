package io.meetingmedia.gateway.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM, built from
 * Apache Kafka's own server classes. It makes the first run work on a bare machine, backs the integration tests
 * where no Docker engine exists, and runs as its own process for the benchmark. Its data survives restarts: the
 * storage directory is formatted only once.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private final Path dataDir;
  private final String host;
  private final int port;
  private final int controllerPort;
  private final Map<String, String> overrides;
  private final ClusterMembership membership;
  private KafkaRaftServer server;

  private EmbeddedKafkaBroker(Path dataDir, String host, int port, int controllerPort, Map<String, String> overrides,
      ClusterMembership membership) {
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.host = host;
    this.port = port;
    this.controllerPort = controllerPort;
    this.overrides = Map.copyOf(overrides);
    this.membership = membership;
  }

  /**
   * This node's place in a multi-node KRaft cluster (every node combined broker and controller), for the fail-over
   * benchmark and tests: real replication between real processes on one machine.
   *
   * @param nodeId    this node's id (1..n)
   * @param voters    {@code controller.quorum.voters}, e.g. {@code 1@localhost:19093,2@localhost:29093,...}
   * @param clusterId the cluster id every node is formatted with
   */
  public record ClusterMembership(int nodeId, String voters, String clusterId) {
    int size() {
      return voters.split(",").length;
    }
  }

  /**
   * Formats the data directory if needed and starts the broker.
   *
   * @param dataDir        storage directory, created if missing
   * @param host           host to listen on and advertise
   * @param port           client port (0 picks a free one)
   * @param controllerPort controller port (0 picks a free one)
   * @param overrides      extra broker properties
   * @return the running broker
   */
  public static EmbeddedKafkaBroker start(Path dataDir, String host, int port, int controllerPort,
      Map<String, String> overrides) {
    int clientPort = port == 0 ? FreePorts.find() : port;
    int raftPort = controllerPort == 0 ? FreePorts.find() : controllerPort;
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, host, clientPort, raftPort, overrides, null);
    broker.startServer();
    return broker;
  }

  /**
   * Starts one node of a multi-node cluster; the call returns once this node runs, which does not wait for the
   * other voters (start them all, then wait for the cluster to answer).
   */
  public static EmbeddedKafkaBroker startNode(Path dataDir, String host, int port, int controllerPort,
      ClusterMembership membership, Map<String, String> overrides) {
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, host, port, controllerPort, overrides, membership);
    broker.startServer();
    return broker;
  }

  private Properties properties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", membership == null ? "1" : String.valueOf(membership.nodeId()));
    p.put("controller.quorum.voters", membership == null ? "1@" + host + ":" + controllerPort : membership.voters());
    p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDir.resolve("logs").toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    if (membership != null) {
      String internal = String.valueOf(Math.min(3, membership.size()));
      String internalIsr = String.valueOf(Math.min(2, membership.size()));
      p.put("offsets.topic.replication.factor", internal);
      p.put("transaction.state.log.replication.factor", internal);
      p.put("transaction.state.log.min.isr", internalIsr);
      p.put("share.coordinator.state.topic.replication.factor", internal);
      p.put("share.coordinator.state.topic.min.isr", internalIsr);
      p.put("default.replication.factor", internal);
      p.put("min.insync.replicas", internalIsr);
    }
    p.putAll(overrides);
    return p;
  }

  private void startServer() {
    Properties props = properties();
    try {
      Files.createDirectories(dataDir);
      format(props);
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare Kafka data directory " + dataDir + ": " + e.getMessage(), e);
    }
    server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    LOG.atInfo().addKeyValue("bootstrapServers", bootstrapServers()).addKeyValue("dataDir", dataDir.toString())
        .log("embedded Kafka broker started");
  }

  private void format(Properties props) throws IOException {
    if (Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
      return;
    }
    Path file = dataDir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, "embedded broker of meeting-media-gateway");
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    String clusterId = membership == null ? Uuid.randomUuid().toString() : membership.clusterId();
    int rc = StorageTool$.MODULE$.execute(new String[] {"format", "--cluster-id", clusterId,
        "--config", file.toString(), "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IllegalStateException("formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

  /** @return {@code host:port} for clients */
  public String bootstrapServers() {
    return host + ":" + port;
  }

  /** @return the storage directory */
  public Path dataDir() {
    return dataDir;
  }

  /** Stops the broker, keeping its data; {@link #restart()} brings it back on the same ports. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
      LOG.info("embedded Kafka broker stopped");
    }
  }

  /** Starts a stopped broker again on the same ports and data. */
  public synchronized void restart() {
    if (server == null) {
      startServer();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
