package io.meetingmedia.gateway.kafka;

import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.KafkaConfig;
import io.meetingmedia.gateway.config.TenantConfig;
import io.meetingmedia.gateway.config.TopicsConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start-up that every topic exists and accepts the largest record the gateway may write, creating
 * missing topics when {@code kafka.createTopics} allows it. The gateway must learn about a too-small
 * {@code max.message.bytes} here, with the exact setting to change, and never by losing a frame.
 */
public final class TopicProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final long TIMEOUT_SECONDS = 30;
  /** Events are small JSON documents: the broker's default limit is plenty. */
  private static final int EVENT_RECORD_BYTES = 1024 * 1024;

  private final GatewayConfig config;

  public TopicProvisioner(GatewayConfig config) {
    this.config = config;
  }

  /** @return the minimum {@code max.message.bytes} each topic needs */
  public Map<String, Integer> requiredRecordBytes() {
    TopicsConfig t = config.kafka().topics();
    int media = KafkaClientSettings.maxRecordBytes(config);
    Map<String, Integer> map = new LinkedHashMap<>();
    map.put(t.videoFrames(), media);
    map.put(t.videoH264(), media);
    map.put(t.videoFmp4(), media);
    map.put(t.videoFmp4Init(), media);
    map.put(t.audioPcm(), media);
    map.put(t.events(), EVENT_RECORD_BYTES);
    map.put(t.deadLetter(), config.delivery().deadLetterMaxBytes() + KafkaClientSettings.RECORD_OVERHEAD_BYTES);
    // tenants with a topic prefix have topics of their own, with the same limits
    for (TenantConfig tenant : config.tenants()) {
      if (!tenant.topicPrefix().isEmpty()) {
        new LinkedHashMap<>(map).forEach((topic, bytes) -> {
          if (t.all().contains(topic)) {
            map.put(tenant.topicPrefix() + topic, bytes);
          }
        });
      }
    }
    return map;
  }

  /**
   * Blocking: run on a worker thread.
   *
   * @throws IllegalStateException describing every topic that is missing or too small
   */
  public void provision() {
    KafkaConfig kafka = config.kafka();
    Map<String, Integer> required = requiredRecordBytes();
    try (Admin admin = Admin.create(KafkaClientSettings.admin(kafka))) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      int brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
      List<String> missing = required.keySet().stream().filter(t -> !existing.contains(t)).collect(Collectors.toList());
      if (!missing.isEmpty()) {
        if (!kafka.createTopics()) {
          throw new IllegalStateException("missing Kafka topics " + missing + " and 'kafka.createTopics' is false: "
              + "create them (see k8s/base/kafka-topics.yaml) with max.message.bytes >= " + required.get(missing.get(0)));
        }
        create(admin, missing, required, brokers);
      }
      checkLimits(admin, required, existing);
      checkReplication(admin, required.keySet().stream().filter(existing::contains).collect(Collectors.toList()),
          brokers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking Kafka topics", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("cannot check Kafka topics at " + kafka.bootstrapServers() + ": " + cause, cause);
    }
  }

  private void create(Admin admin, List<String> missing, Map<String, Integer> required, int brokers)
      throws InterruptedException, ExecutionException, TimeoutException {
    KafkaConfig kafka = config.kafka();
    int replicas = replicasToCreate(kafka, brokers);
    int minIsr = kafka.effectiveMinInsyncReplicas(replicas);
    List<NewTopic> topics = new ArrayList<>();
    for (String name : missing) {
      Map<String, String> topicConfig = new HashMap<>();
      topicConfig.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(required.get(name)));
      if (isInitSegmentTopic(name)) {
        topicConfig.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
      }
      topicConfig.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minIsr));
      topics.add(new NewTopic(name, Optional.of(kafka.partitions()), Optional.of((short) replicas))
          .configs(topicConfig));
    }
    try {
      admin.createTopics(topics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    awaitLeaders(admin, missing);
    LOG.atInfo().addKeyValue("topics", missing).addKeyValue("replicationFactor", replicas)
        .addKeyValue("minInsyncReplicas", minIsr).log("created Kafka topics");
  }

  /**
   * Waits until the leader of every partition of the new topics serves it. A record sent before that gets
   * NOT_LEADER_OR_FOLLOWER; with several idempotent batches in flight the broker may then append a later batch
   * first and refuse the retried earlier one as out of sequence until the delivery timeout, so that record would
   * fail although the broker is healthy (seen on freshly created topics in the test suite). The cluster's metadata
   * names a leader before that leader serves the partition, so the check is a request the leader itself must answer:
   * listing each partition's latest offset.
   */
  private static void awaitLeaders(Admin admin, List<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (true) {
      try {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values()
            .forEach(d -> d.partitions().forEach(
                p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException)) {
          throw e;
        }
        // created, not yet served by its leader (unknown partition, no leader yet, not leader yet)
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions of " + topics + " are not served by a leader after "
            + TIMEOUT_SECONDS + " s");
      }
      Thread.sleep(50);
    }
  }

  /**
   * The replication factor for new topics. An explicit {@code kafka.replicationFactor} the cluster cannot give
   * refuses the start (the operator asked for durability the cluster does not have); the default takes
   * min(3, brokers) and says loudly when that is below 3.
   */
  static int replicasToCreate(KafkaConfig kafka, int brokers) {
    if (kafka.replicationFactor() > brokers) {
      throw new IllegalStateException("'kafka.replicationFactor' is " + kafka.replicationFactor() + " but the cluster at "
          + kafka.bootstrapServers() + " has " + brokers + " live broker(s): start the missing brokers or lower the "
          + "setting; the gateway does not create topics with fewer replicas than configured");
    }
    int replicas = kafka.effectiveReplicationFactor(brokers);
    if (replicas < KafkaConfig.SAFE_REPLICATION_FACTOR) {
      LOG.atWarn().addKeyValue("replicationFactor", replicas).addKeyValue("brokers", brokers)
          .log("CREATING TOPICS WITH REPLICATION FACTOR " + replicas + " (fewer than "
              + KafkaConfig.SAFE_REPLICATION_FACTOR + "): losing one broker disk loses acknowledged records. Fine for "
              + "development; in production use a cluster of 3+ brokers (set kafka.replicationFactor to make it "
              + "explicit)");
    }
    return replicas;
  }

  /**
   * Warns loudly about existing topics with fewer replicas than configured, or a {@code min.insync.replicas} that
   * either lets an acknowledged record live on one broker only or stops writes when one broker restarts. Existing
   * topics belong to whoever created them, so this warns and does not refuse.
   */
  private void checkReplication(Admin admin, List<String> topics, int brokers)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    KafkaConfig kafka = config.kafka();
    Map<String, org.apache.kafka.clients.admin.TopicDescription> descriptions =
        admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).collect(Collectors.toList()))
        .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    int wanted = kafka.replicationFactor() > 0 ? kafka.replicationFactor()
        : Math.min(KafkaConfig.SAFE_REPLICATION_FACTOR, brokers);
    for (String topic : topics) {
      int replicas = descriptions.get(topic).partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
      ConfigEntry isrEntry = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic))
          .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
      int minIsr = isrEntry == null ? 1 : Integer.parseInt(isrEntry.value());
      String problem = replicationProblem(replicas, minIsr, wanted);
      if (problem != null) {
        LOG.atWarn().addKeyValue("topic", topic).addKeyValue("replicas", replicas)
            .addKeyValue("minInsyncReplicas", minIsr).addKeyValue("configuredReplicationFactor", wanted)
            .log("TOPIC '" + topic + "' IS UNDER-REPLICATED FOR A NO-LOSS GATEWAY: " + problem);
      }
    }
  }

  /** @return what is wrong with a topic's replication, or {@code null} */
  static String replicationProblem(int replicas, int minIsr, int wanted) {
    if (replicas < wanted) {
      return replicas + " replica(s) but " + wanted + " configured (kafka.replicationFactor); reassign partitions "
          + "(kafka-reassign-partitions.sh) or raise the KafkaTopic's replicas";
    }
    if (replicas >= 3 && minIsr < 2) {
      return "min.insync.replicas=" + minIsr + " lets an acknowledged record live on one broker only; set it to 2";
    }
    if (replicas > 1 && minIsr >= replicas) {
      return "min.insync.replicas=" + minIsr + " equals the replica count: one broker restart stops every write; set"
          + " it to " + (replicas - 1);
    }
    return null;
  }


  private boolean isInitSegmentTopic(String name) {
    String init = config.kafka().topics().videoFmp4Init();
    return name.equals(init) || config.tenants().stream().anyMatch(t -> name.equals(t.topicPrefix() + init));
  }

  private void checkLimits(Admin admin, Map<String, Integer> required, Collection<String> existing)
      throws InterruptedException, ExecutionException, TimeoutException {
    // topics created a moment ago carry the limit they were created with, and their metadata may not have reached
    // every broker yet: only topics that existed before are checked
    List<ConfigResource> resources = required.keySet().stream().filter(existing::contains)
        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).collect(Collectors.toList());
    if (resources.isEmpty()) {
      return;
    }
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<ConfigResource, Config> e : configs.entrySet()) {
      String topic = e.getKey().name();
      ConfigEntry entry = e.getValue().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      int actual = entry == null ? 0 : Integer.parseInt(entry.value());
      int needed = required.get(topic);
      if (actual < needed) {
        problems.add("topic '" + topic + "' has max.message.bytes=" + actual + " but needs at least " + needed
            + " (kafka-configs.sh --bootstrap-server <brokers> --alter --entity-type topics --entity-name " + topic
            + " --add-config max.message.bytes=" + needed + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("; ", problems));
    }
  }
}
