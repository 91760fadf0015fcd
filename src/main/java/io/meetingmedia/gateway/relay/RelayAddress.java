package io.meetingmedia.gateway.relay;

/**
 * The event-bus address of the Kafka relay. A message to it is a {@link RelayRequest} (local codec), sent, not
 * requested: the relay settles the request itself once Kafka has acknowledged the record, or with the reason it could
 * not be delivered. That settlement is what releases the sender's in-flight budget.
 */
public final class RelayAddress {
  /** Address of the relay consumer. */
  public static final String ADDRESS = "gateway.relay";

  private RelayAddress() {
  }
}
