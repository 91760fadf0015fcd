package io.meetingmedia.gateway.config;

/**
 * Memory bounds and the answer to bad input. In-flight bytes are payload bytes handed to Kafka and not yet
 * acknowledged; when a budget is spent the socket is paused, which is TCP back-pressure toward the vendor.
 *
 * @param connectionInFlightBytes    in-flight budget of one connection
 * @param gatewayInFlightBytes       in-flight budget of the whole process
 * @param maxConsecutiveBadMessages  bad messages in a row after which the socket is closed with 1007
 * @param deadLetterMaxBytes         raw bytes of a bad message kept in the dead-letter record
 */
public record DeliveryConfig(long connectionInFlightBytes, long gatewayInFlightBytes, int maxConsecutiveBadMessages,
    int deadLetterMaxBytes) {

  static DeliveryConfig read(ConfigReader r) {
    DeliveryConfig config = new DeliveryConfig(
        r.longValue("connectionInFlightBytes", 32L * 1024 * 1024, 1, Long.MAX_VALUE),
        r.longValue("gatewayInFlightBytes", 256L * 1024 * 1024, 1, Long.MAX_VALUE),
        r.intValue("maxConsecutiveBadMessages", 20, 1, Integer.MAX_VALUE),
        r.intValue("deadLetterMaxBytes", 256 * 1024, 0, 64 * 1024 * 1024));
    if (config.gatewayInFlightBytes < config.connectionInFlightBytes) {
      throw new ConfigException("'" + r.path("gatewayInFlightBytes") + "' must be at least '"
          + r.path("connectionInFlightBytes") + "'");
    }
    r.finish();
    return config;
  }
}
