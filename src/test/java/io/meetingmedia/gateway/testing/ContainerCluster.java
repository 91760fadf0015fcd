package io.meetingmedia.gateway.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Testcontainers' Kafka, used where a Docker engine is reachable. Stopping pauses the container, which keeps its
 * mapped port, so clients see the same address come back.
 */
final class ContainerCluster implements KafkaCluster, AutoCloseable {
  static final String IMAGE = "apache/kafka:4.1.1";
  private final KafkaContainer container;

  ContainerCluster() {
    container = new KafkaContainer(IMAGE);
    container.start();
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public void stop() {
    DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
  }

  @Override
  public void start() {
    DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
  }

  @Override
  public String describe() {
    return "Testcontainers " + IMAGE + " at " + bootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
