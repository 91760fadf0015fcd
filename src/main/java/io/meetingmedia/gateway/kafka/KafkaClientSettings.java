package io.meetingmedia.gateway.kafka;

import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.KafkaConfig;
import io.meetingmedia.gateway.config.SecretResolver;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Turns the gateway configuration into Kafka client properties. The producer defaults are chosen for
 * no-loss delivery of large records; {@code kafka.producer} in the config overrides any of them.
 */
public final class KafkaClientSettings {
  /** Room for headers and batch overhead above the largest payload. */
  static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

  private KafkaClientSettings() {
  }

  /** @return the largest record value the gateway may write, which topics and the producer must accept */
  public static int maxRecordBytes(GatewayConfig config) {
    return config.maxMessageBytes() + RECORD_OVERHEAD_BYTES;
  }

  /**
   * @return properties shared by every client: bootstrap servers, client id, security. {@code ${env:NAME}} and
   *     {@code ${file:/path}} inside {@code kafka.properties} values are replaced by the secret they name, unless
   *     Kafka's own {@code config.providers} is configured to resolve placeholders
   */
  public static Map<String, String> common(KafkaConfig kafka) {
    return common(kafka, SecretResolver.system());
  }

  static Map<String, String> common(KafkaConfig kafka, SecretResolver secrets) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    boolean kafkaResolves = kafka.properties().containsKey("config.providers");
    kafka.properties().forEach((key, value) -> props.put(key,
        kafkaResolves ? value : secrets.resolveEmbedded(value, "kafka.properties." + key)));
    return props;
  }

  /** @return a copy safe to log: values of password, secret, token and JAAS keys replaced */
  public static Map<String, Object> redacted(Map<String, ?> properties) {
    return SecretResolver.mask(properties);
  }

  /** @return admin client properties */
  public static Map<String, Object> admin(KafkaConfig kafka) {
    Map<String, Object> props = new LinkedHashMap<>(common(kafka));
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, kafka.clientId() + "-admin");
    props.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    props.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    return props;
  }

  /** @return producer properties */
  public static Map<String, String> producer(GatewayConfig config) {
    KafkaConfig kafka = config.kafka();
    int maxRecord = maxRecordBytes(config);
    Map<String, String> props = new LinkedHashMap<>(common(kafka));
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, kafka.clientId());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    // frames are tens of kB to MBs: batches fill without waiting, and 5 ms (Kafka 4's default) only added latency
    props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(maxRecord));
    // every record in the producer is charged to the budgets, so buffer.memory covering all they can admit means
    // send() never blocks the Kafka worker on a full buffer (it is a limit, not an allocation)
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(maxAdmittedBytes(config)));
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
    props.put(ProducerConfig.SEND_BUFFER_CONFIG, String.valueOf(1024 * 1024));
    SecretResolver secrets = SecretResolver.system();
    kafka.producer().forEach((key, value) -> props.put(key, secrets.resolveEmbedded(value, "kafka.producer." + key)));
    return props;
  }

  /**
   * @return the most the budgets can ever have charged: the gateway budget, plus, for every connection the limits
   *     allow, what one socket can add after the budget is spent (its own budget and one more message with the
   *     records made of it)
   */
  public static long maxAdmittedBytes(GatewayConfig config) {
    long perConnection = config.delivery().connectionInFlightBytes() + 2L * maxRecordBytes(config);
    long connections = Math.max(1, config.limits().maxConnections());
    long total = config.delivery().gatewayInFlightBytes() + connections * perConnection;
    return total < 0 ? Long.MAX_VALUE : total;
  }
}
