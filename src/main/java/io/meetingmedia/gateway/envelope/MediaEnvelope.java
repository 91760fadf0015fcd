package io.meetingmedia.gateway.envelope;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The one common shape every vendor message is normalized into. Everything past a vendor adapter (event bus,
 * relay, Kafka record) sees only this record, never vendor JSON.
 *
 * <p>The payload is decoded bytes (image, H.264, fMP4, PCM, or our own JSON for events), never base64. The
 * array is owned by the envelope once built: nobody writes to it, which is what lets the event-bus codec and
 * the Kafka serializer pass it on without copying.
 *
 * @param id              unique id of this envelope; becomes the CloudEvents {@code id}
 * @param tenant          tenant the connection is bound to
 * @param vendor          vendor adapter name, e.g. {@code recall}
 * @param botId           the vendor's bot id
 * @param participantId   participant id as a string, {@code mixed} for composite streams
 * @param participantName display name when the vendor gives one, else {@code null}
 * @param kind            what the payload is
 * @param source          webcam or screenshare for video, else {@code null}
 * @param type            CloudEvents type, e.g. {@code meeting.video.frame}
 * @param contentType     MIME type of the payload, e.g. {@code image/png}
 * @param vendorTime      absolute time the vendor gives, else {@code null}
 * @param mediaTimeMillis vendor's time relative to the start of the recording/stream, else {@code null}
 * @param receivedAt      when the gateway read the message from the socket
 * @param seq             sequence number per stream (kind, bot, participant, source) within one connection
 * @param connectionId    id of the WebSocket connection the message arrived on
 * @param attributes      extra CloudEvents extensions (lowercase alphanumeric names), e.g. width, height
 * @param payload         decoded payload bytes
 */
public record MediaEnvelope(
    String id,
    String tenant,
    String vendor,
    String botId,
    String participantId,
    String participantName,
    MediaKind kind,
    VideoSource source,
    String type,
    String contentType,
    Instant vendorTime,
    Long mediaTimeMillis,
    Instant receivedAt,
    long seq,
    String connectionId,
    Map<String, String> attributes,
    byte[] payload) {

  /** Participant id used for composite streams (mixed audio, fMP4 of the whole meeting). */
  public static final String MIXED = "mixed";

  public MediaEnvelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(botId, "botId");
    Objects.requireNonNull(participantId, "participantId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(payload, "payload");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** @return the Kafka record key {@code <botId>:<participantId>} */
  public String streamKey() {
    return botId + ":" + participantId;
  }

  /** @return the payload size in bytes, which is what in-flight budgets count */
  public int size() {
    return payload.length;
  }

  @Override
  public String toString() {
    // never print payload bytes
    return "MediaEnvelope[" + type + " " + vendor + "/" + tenant + " " + streamKey() + " seq=" + seq
        + " bytes=" + payload.length + "]";
  }
}
