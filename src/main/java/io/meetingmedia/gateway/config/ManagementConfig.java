package io.meetingmedia.gateway.config;

/**
 * The private HTTP listener for probes and metrics, kept off the public ingest port.
 *
 * @param host interface to bind
 * @param port port of the management server
 */
public record ManagementConfig(String host, int port) {

  static ManagementConfig read(ConfigReader r) {
    ManagementConfig config = new ManagementConfig(r.string("host", "0.0.0.0"), r.port("port", 8081));
    r.finish();
    return config;
  }
}
