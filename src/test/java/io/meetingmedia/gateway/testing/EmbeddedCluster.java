package io.meetingmedia.gateway.testing;

import io.meetingmedia.gateway.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** The in-JVM KRaft broker from Apache Kafka's own server classes; used where no Docker engine exists. */
final class EmbeddedCluster implements KafkaCluster, AutoCloseable {
  private final EmbeddedKafkaBroker broker;

  EmbeddedCluster() {
    try {
      broker = EmbeddedKafkaBroker.start(Files.createTempDirectory("it-kafka"), "localhost", 0, 0, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public void stop() {
    broker.stop();
  }

  @Override
  public void start() {
    broker.restart();
  }

  @Override
  public String describe() {
    return "in-JVM KRaft broker at " + bootstrapServers();
  }

  @Override
  public void close() {
    broker.stop();
  }
}
