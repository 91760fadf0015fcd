package io.meetingmedia.gateway.config;

/**
 * One vendor's ingest route.
 *
 * @param vendor          vendor name
 * @param enabled         whether the route accepts connections
 * @param path            WebSocket path, {@code /ingest/<vendor>} by default
 * @param maxMessageBytes largest reassembled WebSocket message accepted; larger ones close the socket with 1009
 */
public record VendorRouteConfig(String vendor, boolean enabled, String path, int maxMessageBytes) {
  /** Default message limit: 16 MiB, above a noisy 1080p PNG in base64 JSON. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  static VendorRouteConfig read(String vendor, ConfigReader r) {
    String path = r.string("path", "/ingest/" + vendor);
    if (!path.startsWith("/")) {
      throw new ConfigException("'" + r.path("path") + "' must start with '/'");
    }
    VendorRouteConfig config = new VendorRouteConfig(vendor, r.bool("enabled", true), path,
        r.intValue("maxMessageBytes", DEFAULT_MAX_MESSAGE_BYTES, 1024, 512 * 1024 * 1024));
    r.finish();
    return config;
  }
}
