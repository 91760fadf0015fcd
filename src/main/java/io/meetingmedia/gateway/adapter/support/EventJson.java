package io.meetingmedia.gateway.adapter.support;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.adapter.SessionOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

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
  private String lastDataField;
  private DataWriter lastDataWriter;

  /** Writes one {@code data} member's value straight to the output, for members that would be large trees. */
  @FunctionalInterface
  public interface DataWriter {
    void write(JsonGenerator generator) throws IOException;
  }

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

  /**
   * Adds a {@code data} member written after those of {@link #data()}, straight to the output: e.g. a transcript's
   * words, which as nodes were a third of a small event's cost.
   */
  public EventJson lastDataField(String field, DataWriter writer) {
    this.lastDataField = field;
    this.lastDataWriter = writer;
    return this;
  }

  /** Emits the event on the connection; key {@code <botId>:<participantId or mixed>}. */
  public void emit(SessionOutput out) {
    EnvelopeBuilder envelope = out.envelope();
    Instant time = vendorTime != null ? vendorTime : Instant.ofEpochMilli(out.receivedAtMillis());
    // written field by field: no tree for the envelope fields, and the instant without DateTimeFormatter. As in
    // ObjectMapper.writeValueAsBytes, the output block comes from Jackson's recycler and goes back to it, and the
    // serializer provider is one per call (providers keep per-call state)
    SerializerProvider serializers = JsonMessages.MAPPER.getSerializerProviderInstance();
    BufferRecycler recycler = JsonMessages.MAPPER.getFactory()._getBufferRecycler();
    ByteArrayBuilder bytes = new ByteArrayBuilder(recycler);
    byte[] json;
    try (JsonGenerator g = JsonMessages.MAPPER.getFactory().createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("type", type);
      g.writeStringField("vendor", envelope.vendor());
      g.writeStringField("botId", botId);
      if (participantId != null) {
        g.writeStringField("participantId", participantId);
      }
      if (participantName != null) {
        g.writeStringField("participantName", participantName);
      }
      g.writeStringField("time", IsoInstants.format(time));
      if (mediaTimeMillis != null) {
        g.writeNumberField("mediaTimeMs", mediaTimeMillis);
      }
      g.writeFieldName("data");
      if (lastDataWriter == null) {
        data.serialize(g, serializers);
      } else {
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> member : data.properties()) {
          g.writeFieldName(member.getKey());
          member.getValue().serialize(g, serializers);
        }
        g.writeFieldName(lastDataField);
        lastDataWriter.write(g);
        g.writeEndObject();
      }
      g.writeEndObject();
      g.flush();
      json = bytes.toByteArray();
      bytes.release();
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise an event", e);
    } finally {
      recycler.releaseToPool();
    }
    envelope.botId(botId).kind(MediaKind.EVENT).type(type).contentType("application/json")
        .vendorTime(vendorTime).mediaTimeMillis(mediaTimeMillis).payload(json);
    if (participantId != null) {
      envelope.participantId(participantId).participantName(participantName);
    }
    out.emit(envelope);
  }
}
