package io.meetingmedia.gateway.config;

/**
 * The public WebSocket listener that vendors connect to.
 *
 * @param host                 interface to bind
 * @param port                 port of the ingest server
 * @param instances            event-loop verticle instances; 0 means one per available processor
 * @param perMessageDeflate    whether to negotiate permessage-deflate; images and video do not compress, so off
 * @param pingIntervalSeconds  interval of server pings that keep silent vendor sockets and proxies alive; 0 = off
 */
public record IngestConfig(String host, int port, int instances, boolean perMessageDeflate, int pingIntervalSeconds) {

  static IngestConfig read(ConfigReader r) {
    IngestConfig config = new IngestConfig(
        r.string("host", "0.0.0.0"),
        r.port("port", 8080),
        r.intValue("instances", 0, 0, 256),
        r.bool("perMessageDeflate", false),
        r.intValue("pingIntervalSeconds", 30, 0, 3600));
    r.finish();
    return config;
  }

  /** @return the number of ingest verticle instances to deploy */
  public int effectiveInstances() {
    return instances > 0 ? instances : Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
