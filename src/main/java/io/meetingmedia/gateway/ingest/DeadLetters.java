package io.meetingmedia.gateway.ingest;

import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaKind;
import java.util.Arrays;

/**
 * Turns a refused vendor message into a record for the dead-letter topic, so that nothing read is dropped without a
 * trace: the reason, the detail, and the first {@code delivery.deadLetterMaxBytes} of the raw message.
 */
final class DeadLetters {
  private final int maxBytes;

  DeadLetters(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Fills {@code base} (tenant, vendor, connection already set) as the dead letter of {@code raw}. */
  EnvelopeBuilder of(EnvelopeBuilder base, String botId, BadMessageException e, boolean text, byte[] raw) {
    int keep = Math.min(raw.length, maxBytes);
    return base.botId(botId).participantId(WebSocketConnection.UNKNOWN).kind(MediaKind.DEAD_LETTER)
        .type("meeting.deadletter")
        .contentType(text ? "text/plain; charset=utf-8" : "application/octet-stream")
        .attribute("reason", e.reason().label()).attribute("detail", e.getMessage())
        .attribute("messagetype", text ? "text" : "binary")
        .attribute("originalbytes", raw.length).attribute("truncated", keep < raw.length)
        .payload(keep == raw.length ? raw : Arrays.copyOf(raw, keep));
  }
}
