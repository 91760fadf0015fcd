package io.meetingmedia.gateway.adapter.golden;

import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.adapter.SessionOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@link SessionOutput} that records instead of sending: the envelopes a session emits (built and sequenced the
 * way the ingest connection does it), the texts it answers, and the order of both per input message.
 */
public final class RecordingSessionOutput implements SessionOutput {
  /** Tenant stamped on every envelope. */
  public static final String TENANT = "tenant-test";
  /** Connection id stamped on every envelope. */
  public static final String CONNECTION = "connection-test";

  private final String vendor;
  private final Supplier<String> sessionBotId;
  private final Map<String, long[]> sequences = new HashMap<>();
  private final List<MediaEnvelope> envelopes = new ArrayList<>();
  private final List<Reply> replies = new ArrayList<>();
  private final List<Output> outputs = new ArrayList<>();
  private Instant receivedAt = Instant.EPOCH;
  private int message;

  /**
   * @param vendor       vendor name stamped on envelopes
   * @param sessionBotId the session's current bot id, used like the connection does for envelopes without one
   */
  public RecordingSessionOutput(String vendor, Supplier<String> sessionBotId) {
    this.vendor = vendor;
    this.sessionBotId = sessionBotId;
  }

  /** Starts a new input message received at the given time. */
  public void next(int messageIndex, long receivedAtMillis) {
    this.message = messageIndex;
    this.receivedAt = Instant.ofEpochMilli(receivedAtMillis);
  }

  @Override
  public EnvelopeBuilder envelope() {
    return new EnvelopeBuilder(TENANT, vendor, CONNECTION, receivedAt);
  }

  @Override
  public void emit(EnvelopeBuilder envelope) {
    if (envelope.botId() == null) {
      envelope.botId(sessionBotId.get() != null ? sessionBotId.get() : "unknown");
    }
    String stream = envelope.kind() + "|" + envelope.botId() + "|" + envelope.participantId() + "|"
        + envelope.source();
    long seq = sequences.computeIfAbsent(stream, k -> new long[1])[0]++;
    MediaEnvelope built = envelope.build("envelope-" + envelopes.size(), seq);
    envelopes.add(built);
    outputs.add(new Output(message, false));
  }

  @Override
  public void replyText(String text) {
    replies.add(new Reply(message, text));
    outputs.add(new Output(message, true));
  }

  @Override
  public long receivedAtMillis() {
    return receivedAt.toEpochMilli();
  }

  public List<MediaEnvelope> envelopes() {
    return envelopes;
  }

  public List<Reply> replies() {
    return replies;
  }

  /** @return emits and replies in the order they happened */
  public List<Output> outputs() {
    return outputs;
  }

  /**
   * @param message index of the input message that caused the reply
   * @param text    the reply
   */
  public record Reply(int message, String text) {
  }

  /**
   * @param message index of the input message that caused the output
   * @param reply   true for a reply to the vendor, false for an emitted envelope
   */
  public record Output(int message, boolean reply) {
  }
}
