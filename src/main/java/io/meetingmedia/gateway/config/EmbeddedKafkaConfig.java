package io.meetingmedia.gateway.config;

/**
 * The single-node broker the gateway starts when no bootstrap servers are configured.
 *
 * @param dataDir        where the broker keeps its log and metadata; kept across restarts
 * @param host           host the broker advertises
 * @param port           client port of the broker
 * @param controllerPort KRaft controller port
 */
public record EmbeddedKafkaConfig(String dataDir, String host, int port, int controllerPort) {

  static EmbeddedKafkaConfig read(ConfigReader r) {
    EmbeddedKafkaConfig config = new EmbeddedKafkaConfig(r.string("dataDir", "./data/kafka"),
        r.string("host", "localhost"), r.port("port", 9092), r.port("controllerPort", 9093));
    r.finish();
    return config;
  }
}
