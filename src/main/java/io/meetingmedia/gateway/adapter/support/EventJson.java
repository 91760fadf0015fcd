package io.meetingmedia.gateway.adapter.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.adapter.SessionOutput;
import java.time.Instant;

/**
 * Builds events in the gateway's own normalized JSON schema, the same for every vendor, so that consumers of
 * {@code meeting.events} never see vendor JSON:
 *
 * <pre>
 * {"type": "meeting.participant.joined", "vendor": "recall", "botId": "...", "participantId": "100",
 *  "participantName": "Jane", "time": "2026-10-06T08:10:00Z", "mediaTimeMs": 12500, "data": {...}}
 * </pre>
 *
 * {@code participantId}, {@code participantName} and {@code mediaTimeMs} are omitted when unknown; {@code time} is the
 * vendor's absolute time when given, else the receive time; {@code data} holds the event-specific fields.
 */
public final class EventJson {
  private final String type;
  private final String botId;
  private String participantId;
  private String participantName;
  private Instant vendorTime;
  private Long mediaTimeMillis;
  private final ObjectNode data = JsonMessages.MAPPER.createObjectNode();

  private EventJson(String type, String botId) {
    this.type = type;
    this.botId = botId;
  }

  /**
   * @param type  CloudEvents type, e.g. {@code meeting.participant.joined}
   * @param botId the bot the event belongs to
   * @return a new event
   */
  public static EventJson of(String type, String botId) {
    return new EventJson(type, botId);
  }

  public EventJson participant(String id, String name) {
    this.participantId = id;
    this.participantName = name;
    return this;
  }

  public EventJson vendorTime(Instant time) {
    this.vendorTime = time;
    return this;
  }

  public EventJson mediaTimeMillis(Long millis) {
    this.mediaTimeMillis = millis;
    return this;
  }

  /** @return the {@code data} object to fill with event-specific fields */
  public ObjectNode data() {
    return data;
  }

  /** Emits the event on the connection; key {@code <botId>:<participantId or mixed>}. */
  public void emit(SessionOutput out) {
    EnvelopeBuilder envelope = out.envelope();
    Instant time = vendorTime != null ? vendorTime : Instant.ofEpochMilli(out.receivedAtMillis());
    ObjectNode root = JsonMessages.MAPPER.createObjectNode();
    root.put("type", type);
    root.put("vendor", envelope.vendor());
    root.put("botId", botId);
    if (participantId != null) {
      root.put("participantId", participantId);
    }
    if (participantName != null) {
      root.put("participantName", participantName);
    }
    root.put("time", time.toString());
    if (mediaTimeMillis != null) {
      root.put("mediaTimeMs", mediaTimeMillis);
    }
    root.set("data", data);
    byte[] json;
    try {
      json = JsonMessages.MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an event", e);
    }
    envelope.botId(botId).kind(MediaKind.EVENT).type(type).contentType("application/json")
        .vendorTime(vendorTime).mediaTimeMillis(mediaTimeMillis).payload(json);
    if (participantId != null) {
      envelope.participantId(participantId).participantName(participantName);
    }
    out.emit(envelope);
  }
}
