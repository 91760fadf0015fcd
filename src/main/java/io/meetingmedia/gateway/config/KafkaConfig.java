package io.meetingmedia.gateway.config;

import java.util.Map;

/**
 * Where and how records are written.
 *
 * @param bootstrapServers  comma-separated brokers; empty starts the embedded broker
 * @param clientId          Kafka client id prefix
 * @param embedded          embedded broker settings, used only when {@code bootstrapServers} is empty
 * @param topics            topic names
 * @param createTopics      create missing topics at start-up (off in production, where Strimzi owns topics)
 * @param partitions        partitions of topics the gateway creates
 * @param replicationFactor replication factor of topics the gateway creates; 0 (default) = min(3, brokers), with a
 *                          loud warning below 3; an explicit value the cluster cannot give refuses the start
 * @param minInsyncReplicas {@code min.insync.replicas} of topics the gateway creates; 0 (default) = 2 when the
 *                          replication factor is 3 or more, else 1 (never equal to the replication factor, so that
 *                          one broker restart does not stop writes)
 * @param properties        client properties for every Kafka client (security, SASL, TLS), passed verbatim
 * @param producer          producer properties, passed verbatim over the gateway's defaults
 */
public record KafkaConfig(String bootstrapServers, String clientId, EmbeddedKafkaConfig embedded,
    TopicsConfig topics, boolean createTopics, int partitions, int replicationFactor, int minInsyncReplicas,
    Map<String, String> properties, Map<String, String> producer) {

  /** The replication factor a production topic should have; fewer replicas lose data when one broker dies. */
  public static final int SAFE_REPLICATION_FACTOR = 3;

  static KafkaConfig read(ConfigReader r) {
    KafkaConfig config = new KafkaConfig(
        r.string("bootstrapServers", "").trim(),
        r.string("clientId", "meeting-media-gateway"),
        EmbeddedKafkaConfig.read(r.object("embedded")),
        TopicsConfig.read(r.object("topics")),
        r.bool("createTopics", true),
        r.intValue("partitions", 6, 1, 10000),
        r.intValue("replicationFactor", 0, 0, 32767),
        r.intValue("minInsyncReplicas", 0, 0, 32767),
        Map.copyOf(r.stringMap("properties")),
        Map.copyOf(r.stringMap("producer")));
    r.finish();
    if (config.replicationFactor > 0 && config.minInsyncReplicas > config.replicationFactor) {
      throw new ConfigException("'" + r.path("minInsyncReplicas") + "' (" + config.minInsyncReplicas
          + ") cannot exceed '" + r.path("replicationFactor") + "' (" + config.replicationFactor + ")");
    }
    return config;
  }

  /** @return the replication factor to create topics with on a cluster of {@code brokers} live brokers */
  public int effectiveReplicationFactor(int brokers) {
    return replicationFactor > 0 ? replicationFactor : Math.max(1, Math.min(SAFE_REPLICATION_FACTOR, brokers));
  }

  /** @return {@code min.insync.replicas} for topics created with {@code replicas} replicas */
  public int effectiveMinInsyncReplicas(int replicas) {
    return minInsyncReplicas > 0 ? Math.min(minInsyncReplicas, replicas) : replicas >= 3 ? 2 : 1;
  }

  /** @return true when the gateway must start its own broker */
  public boolean useEmbedded() {
    return bootstrapServers.isEmpty();
  }

  /** Masks secret-looking client properties, which may hold passwords written in clear. */
  @Override
  public String toString() {
    return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", clientId=" + clientId + ", topics=" + topics
        + ", properties=" + SecretResolver.mask(properties) + ", producer=" + SecretResolver.mask(producer) + "]";
  }

  /** @return this config pointing at the given bootstrap servers */
  public KafkaConfig withBootstrapServers(String servers) {
    return new KafkaConfig(servers, clientId, embedded, topics, createTopics, partitions, replicationFactor,
        minInsyncReplicas, properties, producer);
  }
}
