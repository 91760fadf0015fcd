package io.meetingmedia.gateway.config;

/**
 * Memory bounds and the answer to bad input. The budgets count bytes read from vendor sockets, and the records made
 * of them, until Kafka acknowledges them; when a budget is spent the gateway stops reading the socket, which is TCP
 * back-pressure toward the vendor.
 *
 * <p>Unless configured, the budgets derive from the JVM's max heap, so a 1 GiB pod and a 16 GiB pod both work
 * without tuning: the gateway budget is a quarter of the heap, a connection's an eighth of that (at most 32 MiB).
 * A configured gateway budget above half the heap is refused at start-up, since what it admits lives on the heap.
 *
 * @param connectionInFlightBytes    in-flight budget of one connection
 * @param gatewayInFlightBytes       in-flight budget of the whole process
 * @param maxConsecutiveBadMessages  bad messages in a row after which the socket is closed with 1007
 * @param deadLetterMaxBytes         raw bytes of a bad message kept in the dead-letter record
 * @param maxInFlightRecords         about how many records may be in flight in the whole process: each record is
 *                                   charged at least {@code gatewayInFlightBytes / maxInFlightRecords}. A budget sized
 *                                   for video frames would otherwise admit hundreds of thousands of small events,
 *                                   over a second of traffic kept on the heap, which costs the GC more than the
 *                                   relay (docs/benchmark.md)
 */
public record DeliveryConfig(long connectionInFlightBytes, long gatewayInFlightBytes, int maxConsecutiveBadMessages,
    int deadLetterMaxBytes, int maxInFlightRecords) {
  private static final long MIB = 1024L * 1024;
  /** About 0.2 s of 1 KB events at the rate one pod relays them: short enough that they die young in the GC. */
  static final int DEFAULT_MAX_IN_FLIGHT_RECORDS = 16_384;

  static DeliveryConfig read(ConfigReader r) {
    return read(r, Runtime.getRuntime().maxMemory());
  }

  static DeliveryConfig read(ConfigReader r, long maxHeap) {
    long gatewayDefault = defaultGatewayBudget(maxHeap);
    long gateway = r.longValue("gatewayInFlightBytes", gatewayDefault, 1, Long.MAX_VALUE);
    long connection = r.longValue("connectionInFlightBytes", defaultConnectionBudget(gateway), 1, Long.MAX_VALUE);
    DeliveryConfig config = new DeliveryConfig(connection, gateway,
        r.intValue("maxConsecutiveBadMessages", 20, 1, Integer.MAX_VALUE),
        r.intValue("deadLetterMaxBytes", 256 * 1024, 0, 64 * 1024 * 1024),
        r.intValue("maxInFlightRecords", DEFAULT_MAX_IN_FLIGHT_RECORDS, 1, Integer.MAX_VALUE));
    if (config.gatewayInFlightBytes < config.connectionInFlightBytes) {
      throw new ConfigException("'" + r.path("gatewayInFlightBytes") + "' must be at least '"
          + r.path("connectionInFlightBytes") + "'");
    }
    if (maxHeap != Long.MAX_VALUE && gateway > maxHeap / 2) {
      throw new ConfigException("'" + r.path("gatewayInFlightBytes") + "' is " + gateway / MIB + " MiB, but the JVM's "
          + "max heap is " + maxHeap / MIB + " MiB: what the budget admits lives on the heap (the records and the "
          + "producer's copy), so it may take at most half of it. Lower '" + r.path("gatewayInFlightBytes")
          + "' (or leave it unset: it then derives from the heap) or raise -Xmx");
    }
    r.finish();
    return config;
  }

  /** @return a quarter of the max heap, at least 8 MiB */
  static long defaultGatewayBudget(long maxHeap) {
    long quarter = maxHeap == Long.MAX_VALUE ? 256 * MIB : maxHeap / 4;
    return Math.max(8 * MIB, quarter / MIB * MIB);
  }

  /** @return an eighth of the gateway budget, between 1 and 32 MiB */
  static long defaultConnectionBudget(long gatewayBudget) {
    return Math.min(gatewayBudget, Math.max(MIB, Math.min(32 * MIB, gatewayBudget / 8)));
  }

  /** @return the least a record is charged to the budgets, whatever its size */
  public long minRecordChargeBytes() {
    return gatewayInFlightBytes / maxInFlightRecords;
  }
}
