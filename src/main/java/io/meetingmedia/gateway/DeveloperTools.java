package io.meetingmedia.gateway;

import io.meetingmedia.gateway.config.EmbeddedKafkaConfig;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * What only the developer artifact ({@code target/meeting-media-gateway.jar}) carries: the embedded single-node
 * Kafka broker and the vendor simulator. It is found with {@link ServiceLoader}; the production artifact
 * ({@code target/meeting-media-gateway-production.jar}, the one the image runs) leaves the implementation, the
 * broker, Scala and the simulator out, so there {@link #find()} is empty and nothing embedded can ever start.
 */
public interface DeveloperTools {

  /** @return the developer tools when this artifact has them */
  static Optional<DeveloperTools> find() {
    try {
      return ServiceLoader.load(DeveloperTools.class, DeveloperTools.class.getClassLoader()).findFirst()
          .filter(DeveloperTools::complete);
    } catch (ServiceConfigurationError | LinkageError e) {
      return Optional.empty();
    }
  }

  /**
   * @return whether the broker's classes are really there (an image built another way, e.g. Jib from the classes
   *     folder, may carry this service without the broker; it then behaves as the production artifact)
   */
  boolean complete();

  /**
   * Starts the embedded broker (blocking until it accepts clients).
   *
   * @param embedded where and on which ports
   * @return the running broker
   */
  LocalBroker startBroker(EmbeddedKafkaConfig embedded);

  /**
   * Runs a developer subcommand of the command line.
   *
   * @param command e.g. {@code kafka} or {@code simulate}
   * @param args    the arguments after the command
   * @return false when the command is not a developer command
   * @throws Exception whatever the command throws
   */
  boolean run(String command, String[] args) throws Exception;

  /** A broker running inside this process. */
  interface LocalBroker {
    /** @return its bootstrap servers */
    String bootstrapServers();

    /** Stops it; its data stays on disk. */
    void stop();
  }
}
