package io.meetingmedia.gateway.relay;

import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import java.util.Objects;

/**
 * One envelope on its way to Kafka, as it travels on the event bus to {@link RelayAddress#ADDRESS}, carrying its
 * own completion. The sender {@code send}s it (no request/reply) and the relay calls {@link #settled} once Kafka
 * has answered, straight from the producer's callback. A request/reply per record cost a reply message, a
 * reply-handler registration and a timeout timer, and the acknowledgement hopped through the relay's event loop
 * before the reply hopped to the sender's: on small messages that was a quarter of the gateway's CPU
 * (docs/benchmark.md, "Per-message cost"). The sender decides on which thread its own bookkeeping runs.
 */
public abstract class RelayRequest {
  private final MediaEnvelope envelope;

  protected RelayRequest(MediaEnvelope envelope) {
    this.envelope = Objects.requireNonNull(envelope, "envelope");
  }

  /** @return the envelope to publish */
  public final MediaEnvelope envelope() {
    return envelope;
  }

  /**
   * Kafka's answer for this record. Called exactly once, on any thread (most often the Kafka producer's I/O thread,
   * which it must not hold up: hand the work to your own event loop).
   *
   * @param failure {@code null} when Kafka acknowledged the record, otherwise why it was not delivered
   */
  public abstract void settled(Throwable failure);

  /**
   * @return options for sending a request: they name the {@link LocalCodec}, which must be registered by name
   *         ({@code eventBus().registerCodec}); the event bus looks default codecs up by exact class, and every
   *         request is a subclass
   */
  public static DeliveryOptions delivery() {
    return new DeliveryOptions().setCodecName(LocalCodec.NAME);
  }

  @Override
  public String toString() {
    return "RelayRequest[" + envelope + "]";
  }

  /**
   * Local-only event-bus codec: Vert.x's built-in codecs copy on local delivery; a request is handed over as the
   * same instance, so a multi-megabyte frame is never copied between the socket and the producer.
   */
  public static final class LocalCodec implements MessageCodec<RelayRequest, RelayRequest> {
    /** Codec name, for {@link #delivery()}. */
    public static final String NAME = "relay-request-local";

    @Override
    public void encodeToWire(Buffer buffer, RelayRequest request) {
      throw new IllegalStateException("relay requests are delivered locally only");
    }

    @Override
    public RelayRequest decodeFromWire(int pos, Buffer buffer) {
      throw new IllegalStateException("relay requests are delivered locally only");
    }

    @Override
    public RelayRequest transform(RelayRequest request) {
      return request;
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
}
