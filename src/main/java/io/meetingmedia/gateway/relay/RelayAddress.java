package io.meetingmedia.gateway.relay;

/**
 * The event-bus address of the Kafka relay. A request to it carries a {@code MediaEnvelope} (local codec) and is
 * answered only once Kafka has acknowledged the record, or failed when it cannot be delivered: that reply is what
 * releases the sender's in-flight budget.
 */
public final class RelayAddress {
  /** Address of the relay consumer. */
  public static final String ADDRESS = "gateway.relay";
  /** Failure code of a reply when Kafka did not acknowledge the record. */
  public static final int DELIVERY_FAILED = 500;

  private RelayAddress() {
  }
}
