package io.meetingmedia.gateway.testing;

/** A real Kafka broker for integration tests, whichever way it runs. */
public interface KafkaCluster {

  /** @return bootstrap servers for clients */
  String bootstrapServers();

  /** Makes the broker unreachable (stopped or paused) without losing its data. */
  void stop();

  /** Brings a stopped broker back on the same address. */
  void start();

  /** @return a short description for logs */
  String describe();
}
