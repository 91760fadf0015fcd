package io.meetingmedia.gateway.ingest;

/**
 * The bytes charged for one vendor message: its frames as read, plus every record made of it. They are given back
 * only when Kafka has acknowledged the last of those records, so a message counts against the budgets from its
 * first byte read to its last record acknowledged.
 */
final class MessageCharge {
  private long bytes;
  private int pendingRecords;
  private boolean sealed;

  MessageCharge(long readBytes) {
    this.bytes = readBytes;
  }

  /** A record made of this message was handed to the relay; its cost is added. */
  void recordSent(long cost) {
    bytes += cost;
    pendingRecords++;
  }

  /**
   * The message is fully processed: no more records will come of it.
   *
   * @return true when nothing of it is awaiting Kafka, so its bytes can be given back now
   */
  boolean seal() {
    sealed = true;
    return pendingRecords == 0;
  }

  /** @return true when this acknowledgement was the last one the sealed message waited for */
  boolean recordDone() {
    pendingRecords--;
    return sealed && pendingRecords == 0;
  }

  long bytes() {
    return bytes;
  }
}
