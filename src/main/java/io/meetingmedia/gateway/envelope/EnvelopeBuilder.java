package io.meetingmedia.gateway.envelope;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a {@link MediaEnvelope}. The connection pre-fills what it knows (tenant, vendor, receive time, connection
 * id); the adapter adds what the message says; the connection stamps the per-stream sequence number last.
 */
public final class EnvelopeBuilder {
  private final String tenant;
  private final String vendor;
  private final String connectionId;
  private final Instant receivedAt;
  private String botId;
  private String participantId = MediaEnvelope.MIXED;
  private String participantName;
  private MediaKind kind;
  private VideoSource source;
  private String type;
  private String contentType;
  private Instant vendorTime;
  private Long mediaTimeMillis;
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private byte[] payload;

  /**
   * @param tenant       tenant of the connection
   * @param vendor       vendor of the connection
   * @param connectionId id of the connection
   * @param receivedAt   when the message was read
   */
  public EnvelopeBuilder(String tenant, String vendor, String connectionId, Instant receivedAt) {
    this.tenant = tenant;
    this.vendor = vendor;
    this.connectionId = connectionId;
    this.receivedAt = receivedAt;
  }

  public EnvelopeBuilder botId(String value) {
    this.botId = value;
    return this;
  }

  public EnvelopeBuilder participantId(String value) {
    this.participantId = value;
    return this;
  }

  public EnvelopeBuilder participantName(String value) {
    this.participantName = value;
    return this;
  }

  public EnvelopeBuilder kind(MediaKind value) {
    this.kind = value;
    return this;
  }

  public EnvelopeBuilder source(VideoSource value) {
    this.source = value;
    return this;
  }

  public EnvelopeBuilder type(String value) {
    this.type = value;
    return this;
  }

  public EnvelopeBuilder contentType(String value) {
    this.contentType = value;
    return this;
  }

  public EnvelopeBuilder vendorTime(Instant value) {
    this.vendorTime = value;
    return this;
  }

  public EnvelopeBuilder mediaTimeMillis(Long value) {
    this.mediaTimeMillis = value;
    return this;
  }

  /** Adds a CloudEvents extension attribute; {@code null} values are skipped. */
  public EnvelopeBuilder attribute(String name, Object value) {
    if (value != null) {
      attributes.put(name, String.valueOf(value));
    }
    return this;
  }

  /** Sets the payload; the builder takes ownership of the array. */
  public EnvelopeBuilder payload(byte[] value) {
    this.payload = value;
    return this;
  }

  public String vendor() {
    return vendor;
  }

  public MediaKind kind() {
    return kind;
  }

  public String botId() {
    return botId;
  }

  public String participantId() {
    return participantId;
  }

  public VideoSource source() {
    return source;
  }

  /**
   * @param id  envelope id
   * @param seq per-stream sequence number
   * @return the immutable envelope
   */
  public MediaEnvelope build(String id, long seq) {
    return new MediaEnvelope(id, tenant, vendor, botId, participantId, participantName, kind, source, type,
        contentType, vendorTime, mediaTimeMillis, receivedAt, seq, connectionId, attributes, payload);
  }
}
