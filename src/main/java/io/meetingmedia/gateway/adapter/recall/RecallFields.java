package io.meetingmedia.gateway.adapter.recall;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.envelope.VideoSource;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.support.IsoInstants;
import io.meetingmedia.gateway.adapter.support.JsonMessages;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Readers for the parts every Recall payload shares: the participant object, the {@code timestamp} object
 * ({@code relative} seconds since the recording started, {@code absolute} ISO-8601) and the video {@code type}.
 */
final class RecallFields {
  private RecallFields() {
  }

  /**
   * A Recall participant. {@code id} is a number on the wire; {@code name}, {@code platform} and {@code email} may
   * be null, and {@code email} is only filled by later {@code participant_events.update} messages.
   */
  record Participant(String id, String name, Boolean isHost, String platform, String email) {
  }

  /** @return the participant at {@code data.data.participant}, or fails with {@code wrong_shape} */
  static Participant requireParticipant(JsonNode inner) throws BadMessageException {
    JsonNode participant = JsonMessages.requireObject(inner, "participant", "data.data.participant");
    JsonNode isHost = participant.get("is_host");
    return new Participant(
        JsonMessages.requireId(participant, "id", "data.data.participant.id"),
        JsonMessages.optionalText(participant, "name"),
        isHost != null && isHost.isBoolean() ? isHost.booleanValue() : null,
        JsonMessages.optionalText(participant, "platform"),
        JsonMessages.optionalText(participant, "email"));
  }

  /** @return the participant when {@code data.data.participant} is a usable object, else {@code null} */
  static Participant optionalParticipant(JsonNode inner) {
    if (inner == null || !inner.path("participant").isObject()) {
      return null;
    }
    try {
      return requireParticipant(inner);
    } catch (BadMessageException e) {
      return null;
    }
  }

  /** @return webcam or screenshare from {@code data.data.type}; absent means webcam */
  static VideoSource source(JsonNode inner) throws BadMessageException {
    String type = JsonMessages.optionalText(inner, "type");
    if (type == null) {
      return VideoSource.WEBCAM;
    }
    VideoSource source = VideoSource.fromWire(type);
    if (source == null) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE,
          "'data.data.type' must be 'webcam' or 'screenshare'");
    }
    return source;
  }

  /** @return {@code relative} seconds of a timestamp object as milliseconds, or {@code null} */
  static Long relativeMillis(JsonNode timestamp) {
    JsonNode relative = timestamp == null ? null : timestamp.get("relative");
    return relative != null && relative.isNumber() ? Math.round(relative.doubleValue() * 1000.0) : null;
  }

  /** @return {@code absolute} of a timestamp object, or {@code null} when absent or unreadable */
  static Instant absolute(JsonNode timestamp) {
    String absolute = JsonMessages.optionalText(timestamp, "absolute");
    if (absolute == null) {
      return null;
    }
    try {
      return IsoInstants.parse(absolute);
    } catch (DateTimeParseException e) {
      // an unreadable absolute time is not worth refusing a message over; the relative time still orders it
      return null;
    }
  }
}
