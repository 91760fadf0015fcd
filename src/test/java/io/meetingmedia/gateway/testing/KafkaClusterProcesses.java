package io.meetingmedia.gateway.testing;

import io.meetingmedia.gateway.kafka.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;

/**
 * A real multi-node KRaft cluster, each node its own JVM ({@code GatewayMain kafka --voters ...} from the test
 * classpath, every node broker and controller), so that a test can {@code kill -9} the leader of a partition and
 * restart it on its data, as in production. Used where one broker cannot show it: replication, leader election,
 * {@code min.insync.replicas}.
 */
public final class KafkaClusterProcesses implements KafkaCluster, AutoCloseable {
  private final Path root;
  private final String clusterId = Uuid.randomUuid().toString();
  private final int[] ports;
  private final int[] controllerPorts;
  private final Process[] nodes;
  private final String voters;

  private KafkaClusterProcesses(int size) throws IOException {
    root = Files.createTempDirectory("kafka-cluster");
    ports = new int[size];
    controllerPorts = new int[size];
    nodes = new Process[size];
    List<String> v = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports[i] = FreePorts.find();
      controllerPorts[i] = FreePorts.find();
      v.add((i + 1) + "@localhost:" + controllerPorts[i]);
    }
    voters = String.join(",", v);
  }

  /** Starts {@code size} nodes and waits until every one of them is a live broker of the cluster. */
  public static KafkaClusterProcesses start(int size) {
    try {
      KafkaClusterProcesses cluster = new KafkaClusterProcesses(size);
      for (int id = 1; id <= size; id++) {
        cluster.startNode(id);
      }
      cluster.awaitBrokers(size, Duration.ofSeconds(90));
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts (or restarts, on its data) node {@code id}, 1-based. */
  public void startNode(int id) {
    int i = id - 1;
    if (nodes[i] != null && nodes[i].isAlive()) {
      return;
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), "io.meetingmedia.gateway.GatewayMain", "kafka",
        "--data-dir", root.resolve("node-" + id).toString(), "--host", "localhost",
        "--port", String.valueOf(ports[i]), "--controller-port", String.valueOf(controllerPorts[i]),
        "--node-id", String.valueOf(id), "--voters", voters, "--cluster-id", clusterId);
    pb.redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("node-" + id + ".log").toFile()));
    try {
      nodes[i] = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code kill -9} of node {@code id}: no controlled shutdown, no leadership hand-over. */
  public void kill(int id) {
    Process p = nodes[id - 1];
    p.destroyForcibly();
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until the cluster reports {@code count} live brokers. */
  public void awaitBrokers(int count, Duration timeout) {
    try (Admin admin = admin()) {
      Awaitility.await(count + " live brokers").atMost(timeout).pollInterval(Duration.ofMillis(500))
          .ignoreExceptions().until(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == count);
    }
  }

  /** @return the node id leading a partition, waiting until it has a leader */
  public int leaderOf(String topic, int partition) {
    return leaderOtherThan(topic, partition, -1);
  }

  /** @return the partition's leader once it is not {@code old} (after a kill: once the controller moved it) */
  public int leaderOtherThan(String topic, int partition, int old) {
    try (Admin admin = admin()) {
      return Awaitility.await("leader of " + topic + "-" + partition).atMost(Duration.ofSeconds(30))
          .ignoreExceptions().until(() -> {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
                .get(topic);
            TopicPartitionInfo p = d.partitions().get(partition);
            return p.leader() == null ? -1 : p.leader().id();
          }, id -> id > 0 && id != old);
    }
  }

  /** @return the in-sync replica count of every partition of a topic */
  public List<Integer> isrSizes(String topic) {
    try (Admin admin = admin()) {
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
      return d.partitions().stream().map(p -> p.isr().size()).collect(Collectors.toList());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return an admin client for the cluster; close it */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000"));
  }

  @Override
  public String bootstrapServers() {
    List<String> list = new ArrayList<>();
    for (int p : ports) {
      list.add("localhost:" + p);
    }
    return String.join(",", list);
  }

  /** Stops every node (kill -9). */
  @Override
  public void stop() {
    for (int id = 1; id <= nodes.length; id++) {
      kill(id);
    }
  }

  /** Starts every stopped node. */
  @Override
  public void start() {
    for (int id = 1; id <= nodes.length; id++) {
      startNode(id);
    }
  }

  @Override
  public String describe() {
    return nodes.length + "-node KRaft cluster (one JVM per node) at " + bootstrapServers();
  }

  /** @return the log of node {@code id} so far */
  public String log(int id) {
    try {
      return Files.readString(root.resolve("node-" + id + ".log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    for (Process p : nodes) {
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }
}
