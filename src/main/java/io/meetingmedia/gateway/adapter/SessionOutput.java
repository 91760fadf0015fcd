package io.meetingmedia.gateway.adapter;

import io.meetingmedia.gateway.envelope.EnvelopeBuilder;

/**
 * What a vendor session may do with a message: emit envelopes toward Kafka and answer the vendor on the same
 * socket. Implemented by the ingest connection; adapters never touch the socket or the event bus themselves.
 */
public interface SessionOutput {

  /** @return a builder pre-filled with tenant, vendor, connection id and the receive time of the current message */
  EnvelopeBuilder envelope();

  /** Hands a finished envelope to the relay; the connection stamps the sequence number. */
  void emit(EnvelopeBuilder envelope);

  /** Sends a text message back to the vendor at once (e.g. MeetStream's latency pong). */
  void replyText(String text);

  /** @return wall-clock milliseconds of the current message's arrival */
  long receivedAtMillis();
}
