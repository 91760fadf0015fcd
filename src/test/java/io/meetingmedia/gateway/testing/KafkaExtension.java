package io.meetingmedia.gateway.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides one real Kafka broker for the whole test run, kept in the root {@link ExtensionContext.Store} and closed
 * when the run ends. Testcontainers' Kafka when a Docker engine answers, otherwise the in-JVM KRaft broker; the
 * same tests run on both. {@code -Dgateway.test.kafka=embedded|container} forces one.
 */
public final class KafkaExtension implements ParameterResolver {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaExtension.class);
  private static final String KEY = "kafka-cluster";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster(context);
  }

  /** @return the run's broker, starting it on first use */
  public static KafkaCluster cluster(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
    return store.getOrComputeIfAbsent(KEY, k -> new Resource(create()), Resource.class).cluster;
  }

  private static KafkaCluster create() {
    String mode = System.getProperty("gateway.test.kafka", "auto");
    KafkaCluster cluster;
    if ("container".equals(mode) || ("auto".equals(mode) && ContainerCluster.dockerAvailable())) {
      cluster = new ContainerCluster();
    } else {
      cluster = new EmbeddedCluster();
    }
    LOG.info("integration tests use {}", cluster.describe());
    return cluster;
  }

  /** Closes the broker when the root context closes. */
  @SuppressWarnings("deprecation")
  private static final class Resource implements ExtensionContext.Store.CloseableResource {
    final KafkaCluster cluster;

    Resource(KafkaCluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public void close() throws Exception {
      ((AutoCloseable) cluster).close();
    }
  }
}
