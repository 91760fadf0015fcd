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
 * @param replicationFactor replication factor of topics the gateway creates; -1 = broker default
 * @param properties        client properties for every Kafka client (security, SASL, TLS), passed verbatim
 * @param producer          producer properties, passed verbatim over the gateway's defaults
 */
public record KafkaConfig(String bootstrapServers, String clientId, EmbeddedKafkaConfig embedded,
    TopicsConfig topics, boolean createTopics, int partitions, int replicationFactor,
    Map<String, String> properties, Map<String, String> producer) {

  static KafkaConfig read(ConfigReader r) {
    KafkaConfig config = new KafkaConfig(
        r.string("bootstrapServers", "").trim(),
        r.string("clientId", "meeting-media-gateway"),
        EmbeddedKafkaConfig.read(r.object("embedded")),
        TopicsConfig.read(r.object("topics")),
        r.bool("createTopics", true),
        r.intValue("partitions", 6, 1, 10000),
        r.intValue("replicationFactor", -1, -1, 32767),
        Map.copyOf(r.stringMap("properties")),
        Map.copyOf(r.stringMap("producer")));
    r.finish();
    return config;
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
        properties, producer);
  }
}
