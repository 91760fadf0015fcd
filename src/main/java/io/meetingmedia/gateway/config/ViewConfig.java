package io.meetingmedia.gateway.config;

/**
 * The live view: a page and an egress WebSocket on a port of their own that show what the gateway wrote to Kafka.
 * Off by default because meeting video is sensitive; the developer configuration ({@code conf/gateway.json}) turns
 * it on so that a newcomer sees frames at once.
 *
 * @param enabled start the view server
 * @param host    interface to bind
 * @param port    port of the view server
 */
public record ViewConfig(boolean enabled, String host, int port) {

  static ViewConfig read(ConfigReader r) {
    ViewConfig config = new ViewConfig(r.bool("enabled", false), r.string("host", "0.0.0.0"), r.port("port", 8082));
    r.finish();
    return config;
  }
}
