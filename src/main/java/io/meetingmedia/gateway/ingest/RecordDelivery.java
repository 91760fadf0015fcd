package io.meetingmedia.gateway.ingest;

import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.relay.RelayRequest;

/**
 * One record of a connection on its way to Kafka: what it is charged to, when it was handed over, and Kafka's answer,
 * which the relay reports on any thread and the connection handles on its own event loop (through its inbox).
 */
final class RecordDelivery extends RelayRequest {
  private final MessageCharge charge;
  private final AckInbox<RecordDelivery> inbox;
  private final long startNanos = System.nanoTime();
  /** Written before the post, read after it on the event loop (the inbox's queue orders the two). */
  private Throwable failure;

  RecordDelivery(MediaEnvelope envelope, MessageCharge charge, AckInbox<RecordDelivery> inbox) {
    super(envelope);
    this.charge = charge;
    this.inbox = inbox;
  }

  @Override
  public void settled(Throwable failure) {
    this.failure = failure;
    inbox.post(this);
  }

  MessageCharge charge() {
    return charge;
  }

  long startNanos() {
    return startNanos;
  }

  /** @return {@code null} when Kafka acknowledged the record */
  Throwable failure() {
    return failure;
  }
}
