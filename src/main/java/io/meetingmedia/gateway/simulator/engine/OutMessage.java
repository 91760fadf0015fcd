package io.meetingmedia.gateway.simulator.engine;

import io.meetingmedia.gateway.envelope.MediaKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * One WebSocket message ready to write. The payload is usually a composite of cached arrays (JSON prefix, cached
 * base64, JSON suffix), so nothing is copied before the WebSocket encoder masks it. Media messages also say what the
 * gateway will make of them (kind, participant, source), which is what the send log records for the Kafka join.
 */
public final class OutMessage {
  private final boolean text;
  private final ByteBuf payload;
  private final MediaKind kind;
  private final String participantId;
  private final String source;
  private final int mediaBytes;

  private OutMessage(boolean text, ByteBuf payload, MediaKind kind, String participantId, String source,
      int mediaBytes) {
    this.text = text;
    this.payload = payload;
    this.kind = kind;
    this.participantId = participantId;
    this.source = source;
    this.mediaBytes = mediaBytes;
  }

  /** @return a text control message (hello, stream start, ping): sent but not in the send log */
  public static OutMessage controlText(String json) {
    return new OutMessage(true, Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)), null, null, null, 0);
  }

  /**
   * @param text          text or binary WebSocket message
   * @param payload       the message bytes
   * @param kind          what the gateway publishes it as
   * @param participantId the participant the gateway will key it by ({@code mixed} when the protocol names none)
   * @param source        webcam / screenshare, or "" for non-video
   * @param mediaBytes    size of the decoded payload the gateway publishes (the Kafka record value)
   * @return a media message, written to the send log
   */
  public static OutMessage media(boolean text, ByteBuf payload, MediaKind kind, String participantId, String source,
      int mediaBytes) {
    return new OutMessage(text, payload, kind, participantId == null ? "" : participantId,
        source == null ? "" : source, mediaBytes);
  }

  public boolean text() {
    return text;
  }

  public ByteBuf payload() {
    return payload;
  }

  /** @return the kind, or {@code null} for control messages */
  public MediaKind kind() {
    return kind;
  }

  public String participantId() {
    return participantId;
  }

  public String source() {
    return source;
  }

  public int mediaBytes() {
    return mediaBytes;
  }

  /** @return true for media and event messages, which the send log records */
  public boolean logged() {
    return kind != null;
  }
}
