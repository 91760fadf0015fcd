package io.meetingmedia.gateway.ingest;

/**
 * The bytes charged for one vendor message: its frames as read, plus every record made of it. They are given back
 * only when Kafka has acknowledged the last of those records, so a message counts against the budgets from its
 * first byte read to its last record acknowledged.
 *
 * <p>The records were reserved for while the message was read ({@link ReadGate#RESERVE_FACTOR}): a record's cost is
 * taken from that reservation first, only the excess is charged on top, and what the records did not use is given
 * back when the message is sealed.
 */
final class MessageCharge {
  private long bytes;
  private long reserve;
  private int pendingRecords;
  private boolean sealed;

  /**
   * @param readBytes the message's bytes as read; it is charged {@link ReadGate#RESERVE_FACTOR} times as much
   */
  MessageCharge(long readBytes) {
    this.reserve = readBytes * (ReadGate.RESERVE_FACTOR - 1);
    this.bytes = readBytes + reserve;
  }

  /**
   * A record made of this message was handed to the relay.
   *
   * @return the part of its cost the reservation did not cover, to be charged now
   */
  long recordSent(long cost) {
    pendingRecords++;
    long covered = Math.min(reserve, cost);
    reserve -= covered;
    long excess = cost - covered;
    bytes += excess;
    return excess;
  }

  /**
   * The message is fully processed: no more records will come of it.
   *
   * @return bytes to give back now: the unused reservation, or everything when no record is awaiting Kafka
   */
  long seal() {
    sealed = true;
    long unused = reserve;
    reserve = 0;
    if (pendingRecords == 0) {
      long all = bytes;
      bytes = 0;
      return all;
    }
    bytes -= unused;
    return unused;
  }

  /** @return true when this acknowledgement was the last one the sealed message waited for */
  boolean recordDone() {
    pendingRecords--;
    return sealed && pendingRecords == 0;
  }

  /** @return bytes charged for the message now */
  long bytes() {
    return bytes;
  }
}
