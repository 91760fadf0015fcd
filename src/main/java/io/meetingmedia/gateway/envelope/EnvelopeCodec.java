package io.meetingmedia.gateway.envelope;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Local-only event-bus codec for {@link MediaEnvelope}. Vert.x's built-in codecs copy on local delivery
 * ({@code Buffer.copy()}, {@code System.arraycopy}); an envelope is immutable, so {@link #transform} hands over
 * the same instance and a multi-megabyte frame is never copied between the socket and the producer.
 */
public final class EnvelopeCodec implements MessageCodec<MediaEnvelope, MediaEnvelope> {

  /** Codec name to put in {@code DeliveryOptions}. */
  public static final String NAME = "media-envelope-local";

  @Override
  public void encodeToWire(Buffer buffer, MediaEnvelope envelope) {
    throw new IllegalStateException("media envelopes are delivered locally only");
  }

  @Override
  public MediaEnvelope decodeFromWire(int pos, Buffer buffer) {
    throw new IllegalStateException("media envelopes are delivered locally only");
  }

  @Override
  public MediaEnvelope transform(MediaEnvelope envelope) {
    return envelope;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
