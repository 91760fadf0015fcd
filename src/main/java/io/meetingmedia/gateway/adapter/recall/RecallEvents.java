package io.meetingmedia.gateway.adapter.recall;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.SessionOutput;
import io.meetingmedia.gateway.adapter.support.EventJson;
import java.io.IOException;
import java.util.Map;

/**
 * Recall's non-media events, rewritten into the gateway's normalized event schema ({@link EventJson}): transcripts,
 * participant events and chat. Recall adds event names over time; a name this class does not know is still
 * published, as {@value #VENDOR_EVENT}, so that a Recall update never turns into dead letters.
 */
final class RecallEvents {
  private static final String PARTICIPANT_PREFIX = "participant_events.";
  static final String VENDOR_EVENT = "meeting.vendor.event";
  static final String TRANSCRIPT_FINAL = "meeting.transcript.final";
  static final String TRANSCRIPT_PARTIAL = "meeting.transcript.partial";
  static final String CHAT_MESSAGE = "meeting.chat.message";

  /** Recall's participant event suffix → our event type. */
  private static final Map<String, String> PARTICIPANT_TYPES = Map.of(
      "join", "meeting.participant.joined",
      "leave", "meeting.participant.left",
      "update", "meeting.participant.updated",
      "speech_on", "meeting.participant.speech_started",
      "speech_off", "meeting.participant.speech_stopped",
      "webcam_on", "meeting.participant.webcam_started",
      "webcam_off", "meeting.participant.webcam_stopped",
      "screenshare_on", "meeting.participant.screenshare_started",
      "screenshare_off", "meeting.participant.screenshare_stopped",
      "chat_message", CHAT_MESSAGE);

  private RecallEvents() {
  }

  /**
   * {@code data.data = {words: [{text, start_timestamp: {relative}, end_timestamp: {relative} | null}],
   * participant}}. Published as {@code {"text": "<words joined by spaces>", "words": [{"text", "start", "end"}]}},
   * times in seconds since the recording started; the event's media time is the first word's start. A null
   * participant (a speaker Recall could not attribute) keys the event {@code <bot>:mixed}.
   */
  static void transcript(String type, String botId, JsonNode inner, SessionOutput out) throws BadMessageException {
    JsonNode words = inner.get("words");
    if (words == null || !words.isArray()) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "'data.data.words' must be an array");
    }
    EventJson event = EventJson.of(type, botId);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      JsonNode word = words.get(i);
      JsonNode wordText = word.get("text");
      if (!word.isObject() || wordText == null || !wordText.isTextual()) {
        throw new BadMessageException(BadMessageReason.WRONG_SHAPE,
            "'data.data.words[" + i + "].text' must be a string");
      }
      if (i == 0) {
        event.mediaTimeMillis(RecallFields.relativeMillis(word.get("start_timestamp")))
            .vendorTime(RecallFields.absolute(word.get("start_timestamp")));
      } else {
        text.append(' ');
      }
      text.append(wordText.textValue());
    }
    event.data().put("text", text.toString());
    // the normalized words go straight to the output, no second tree
    event.lastDataField("words", g -> {
      g.writeStartArray();
      for (JsonNode word : words) {
        g.writeStartObject();
        g.writeStringField("text", word.get("text").textValue());
        writeSeconds(g, "start", word.get("start_timestamp"));
        writeSeconds(g, "end", word.get("end_timestamp"));
        g.writeEndObject();
      }
      g.writeEndArray();
    });
    if (inner.hasNonNull("participant")) {
      participant(event, RecallFields.requireParticipant(inner));
    }
    event.emit(out);
  }

  /** @return our event type for a Recall {@code participant_events.*} name, or {@code null} if we know none */
  static String participantEventType(String event) {
    return event.startsWith(PARTICIPANT_PREFIX) ? PARTICIPANT_TYPES.get(event.substring(PARTICIPANT_PREFIX.length()))
        : null;
  }

  /**
   * {@code data.data = {participant, timestamp: {absolute, relative}, data: {text, to} | null}}. Published with
   * {@code {"isHost", "platform", "email"}} of the participant (null when Recall does not say), plus
   * {@code "text"} and {@code "to"} for chat messages.
   *
   * @param type our event type, from {@link #participantEventType}
   */
  static void participantEvent(String type, String botId, JsonNode inner, SessionOutput out)
      throws BadMessageException {
    RecallFields.Participant participant = RecallFields.requireParticipant(inner);
    EventJson json = EventJson.of(type, botId);
    participant(json, participant);
    timestamp(json, inner);
    json.data().put("isHost", participant.isHost()).put("platform", participant.platform())
        .put("email", participant.email());
    if (CHAT_MESSAGE.equals(type)) {
      JsonNode chat = inner.get("data");
      JsonNode text = chat == null ? null : chat.get("text");
      if (text == null || !text.isTextual()) {
        throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "'data.data.data.text' must be a string");
      }
      JsonNode to = chat.get("to");
      json.data().put("text", text.textValue()).put("to", to != null && to.isTextual() ? to.textValue() : null);
    }
    json.emit(out);
  }

  /**
   * An event this gateway does not know. Only its name is published ({@code {"event": "<name>"}}), with the
   * participant and times when {@code data.data} has them in Recall's usual shape; never Recall's raw JSON.
   *
   * @param inner {@code data.data}, or {@code null} when absent
   */
  static void vendorEvent(String event, String botId, JsonNode inner, SessionOutput out) {
    EventJson json = EventJson.of(VENDOR_EVENT, botId);
    json.data().put("event", event);
    if (inner != null && inner.isObject()) {
      participant(json, RecallFields.optionalParticipant(inner));
      timestamp(json, inner);
    }
    json.emit(out);
  }

  private static void participant(EventJson event, RecallFields.Participant participant) {
    if (participant != null) {
      event.participant(participant.id(), participant.name());
    }
  }

  private static void timestamp(EventJson event, JsonNode inner) {
    JsonNode timestamp = inner.get("timestamp");
    event.mediaTimeMillis(RecallFields.relativeMillis(timestamp)).vendorTime(RecallFields.absolute(timestamp));
  }

  /** Writes {@code relative} seconds of a timestamp object, or null when it has none (Recall's open word end). */
  private static void writeSeconds(JsonGenerator g, String field, JsonNode timestamp) throws IOException {
    JsonNode relative = timestamp == null ? null : timestamp.get("relative");
    if (relative != null && relative.isNumber()) {
      g.writeNumberField(field, relative.doubleValue());
    } else {
      g.writeNullField(field);
    }
  }
}
