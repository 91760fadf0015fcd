package io.meetingmedia.gateway.vendor.support;

import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.vendor.SessionOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SessionOutput} that keeps what a vendor session emits, for unit tests of adapters. Every message is
 * "received" at the fixed {@link #RECEIVED_AT}, so events timed by the receive time have a known time. Unlike the
 * real connection it fills in nothing the adapter forgot: an envelope without a bot id fails to build.
 */
public final class RecordingSessionOutput implements SessionOutput {
  /** The receive time of every message. */
  public static final Instant RECEIVED_AT = Instant.parse("2026-10-06T08:10:05.250Z");
  /** Tenant of the test connection. */
  public static final String TENANT = "default";
  /** Id of the test connection. */
  public static final String CONNECTION_ID = "connection-under-test";

  private final String vendor;
  private final List<MediaEnvelope> envelopes = new ArrayList<>();
  private final List<String> replies = new ArrayList<>();

  /** @param vendor the vendor name the connection would carry */
  public RecordingSessionOutput(String vendor) {
    this.vendor = vendor;
  }

  @Override
  public EnvelopeBuilder envelope() {
    return new EnvelopeBuilder(TENANT, vendor, CONNECTION_ID, RECEIVED_AT);
  }

  @Override
  public void emit(EnvelopeBuilder envelope) {
    envelopes.add(envelope.build("envelope-" + envelopes.size(), envelopes.size()));
  }

  @Override
  public void replyText(String text) {
    replies.add(text);
  }

  @Override
  public long receivedAtMillis() {
    return RECEIVED_AT.toEpochMilli();
  }

  /** @return the envelopes emitted so far, in order */
  public List<MediaEnvelope> envelopes() {
    return List.copyOf(envelopes);
  }

  /** @return the text replies sent so far, in order */
  public List<String> replies() {
    return List.copyOf(replies);
  }
}
