package io.meetingmedia.gateway;

import io.meetingmedia.gateway.config.ConfigException;
import io.meetingmedia.gateway.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closed defaults of the production artifact. A pod whose {@code KAFKA_BOOTSTRAP_SERVERS} is missing or misspelt,
 * or whose config has lost its tenants, must fail at start-up, not come up ready against a broker on its own
 * ephemeral disk or accept anyone's token. The developer artifact keeps the one-command first run: an embedded
 * broker and open development mode.
 */
final class ProductionDefaults {
  private static final Logger LOG = LoggerFactory.getLogger(ProductionDefaults.class);

  private ProductionDefaults() {
  }

  /**
   * @param config            the configuration
   * @param developerArtifact whether this artifact has the developer tools
   * @throws ConfigException naming the key (and environment variable) to set
   */
  static void check(GatewayConfig config, boolean developerArtifact) {
    if (!developerArtifact && config.kafka().useEmbedded()) {
      throw new ConfigException("'kafka.bootstrapServers' is empty: set it in the configuration file or through the "
          + "environment variable KAFKA_BOOTSTRAP_SERVERS. This production artifact has no embedded Kafka broker "
          + "(only the developer artifact meeting-media-gateway.jar has one).");
    }
    if (config.tenants().isEmpty()) {
      if (config.allowAnonymous()) {
        LOG.atWarn().addKeyValue("allowAnonymous", true)
            .log("!!! 'allowAnonymous' is true and no 'tenants' are configured: ANYONE who reaches the ingest port "
                + "can publish into Kafka as tenant 'default'. !!!");
      } else if (!developerArtifact) {
        throw new ConfigException("'tenants' is empty: this production artifact refuses to accept connections "
            + "without credentials. Configure at least one tenant (docs/security.md), or set 'allowAnonymous': true "
            + "to run open on purpose.");
      }
    }
  }
}
