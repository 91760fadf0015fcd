package io.meetingmedia.gateway.adapter.attendee;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.envelope.VideoSource;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.SessionOutput;
import io.meetingmedia.gateway.adapter.VendorSession;
import io.meetingmedia.gateway.adapter.media.MediaSniffer;
import io.meetingmedia.gateway.adapter.support.JsonMessages;
import io.meetingmedia.gateway.adapter.support.PayloadJson;
import io.meetingmedia.gateway.adapter.support.PcmAudio;
import java.time.Instant;
import java.util.Set;

/**
 * One Attendee bot connection. Attendee video carries no timestamp, so frames have only the gateway's receive
 * time; audio carries {@code timestamp_ms}, the bot's wall clock when it built the message, which becomes the
 * vendor time. Attendee's PCM is 16-bit mono in the bot's native byte order, little-endian on every platform it
 * runs on.
 */
final class AttendeeSession implements VendorSession {
  static final String VIDEO = "realtime_video.per_participant";
  static final String AUDIO_MIXED = "realtime_audio.mixed";
  static final String AUDIO_PER_PARTICIPANT = "realtime_audio.per_participant";
  private static final Set<String> BASE64_FIELDS = Set.of("frame", "chunk");
  private static final int MAX_SAMPLE_RATE = 384_000;
  private static final int MAX_ECHOED_NAME = 64;

  private String botId;

  @Override
  public void onText(byte[] message, SessionOutput out) throws BadMessageException {
    JsonNode root = PayloadJson.parseObject(message, BASE64_FIELDS);
    String trigger = JsonMessages.requireText(root, "trigger", "trigger");
    String bot = JsonMessages.optionalText(root, "bot_id");
    if (bot != null && !bot.isEmpty()) {
      botId = bot;
    }
    switch (trigger) {
      case VIDEO:
        onVideo(root, out);
        break;
      case AUDIO_MIXED:
        onAudio(root, false, out);
        break;
      case AUDIO_PER_PARTICIPANT:
        onAudio(root, true, out);
        break;
      default:
        throw new BadMessageException(BadMessageReason.UNKNOWN_MESSAGE, "unknown trigger '" + shorten(trigger) + "'");
    }
  }

  private void onVideo(JsonNode root, SessionOutput out) throws BadMessageException {
    String bot = JsonMessages.requireText(root, "bot_id", "bot_id");
    JsonNode data = JsonMessages.requireObject(root, "data", "data");
    String participant = JsonMessages.requireId(data, "participant_uuid", "data.participant_uuid");
    VideoSource source = VideoSource.fromWire(JsonMessages.optionalText(data, "source"));
    if (source == null) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "'data.source' must be 'webcam' or 'screenshare'");
    }
    byte[] jpeg = AttendeeFrames.decodeJpeg(PayloadJson.requireBase64(data, "frame", AttendeeFrames.PATH));
    EnvelopeBuilder envelope = out.envelope()
        .botId(bot)
        .participantId(participant)
        .kind(MediaKind.VIDEO_FRAME)
        .source(source)
        .type("meeting.video.frame")
        .contentType("image/jpeg")
        .payload(jpeg);
    int[] size = MediaSniffer.jpegSize(jpeg);
    if (size != null) {
      envelope.attribute("width", size[0]).attribute("height", size[1]);
    }
    out.emit(envelope);
  }

  private void onAudio(JsonNode root, boolean perParticipant, SessionOutput out) throws BadMessageException {
    String bot = JsonMessages.requireText(root, "bot_id", "bot_id");
    JsonNode data = JsonMessages.requireObject(root, "data", "data");
    String participant = perParticipant
        ? JsonMessages.requireId(data, "participant_uuid", "data.participant_uuid") : MediaEnvelope.MIXED;
    int sampleRate = sampleRate(data);
    Instant sentAt = timestamp(data);
    byte[] pcm = PayloadJson.requireBase64(data, "chunk", "data.chunk").decode("data.chunk");
    PcmAudio.requireWholeSamples(pcm, 1, "data.chunk");
    EnvelopeBuilder envelope = out.envelope()
        .botId(bot)
        .participantId(participant)
        .kind(MediaKind.AUDIO_CHUNK)
        .type("meeting.audio.chunk")
        .vendorTime(sentAt)
        .payload(pcm);
    out.emit(PcmAudio.describe(envelope, sampleRate, 1));
  }

  private static int sampleRate(JsonNode data) throws BadMessageException {
    JsonNode rate = data.get("sample_rate");
    if (rate == null || !rate.isIntegralNumber() || !rate.canConvertToInt() || rate.intValue() <= 0
        || rate.intValue() > MAX_SAMPLE_RATE) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE,
          "'data.sample_rate' must be an integer between 1 and " + MAX_SAMPLE_RATE);
    }
    return rate.intValue();
  }

  /** @return {@code timestamp_ms} as an instant; absent or null is tolerated, another type is not */
  private static Instant timestamp(JsonNode data) throws BadMessageException {
    JsonNode ts = data.get("timestamp_ms");
    if (ts == null || ts.isNull()) {
      return null;
    }
    if (!ts.isIntegralNumber() || !ts.canConvertToLong()) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE,
          "'data.timestamp_ms' must be an integer (epoch milliseconds)");
    }
    return Instant.ofEpochMilli(ts.longValue());
  }

  /** Vendor text echoed into an error message is cut short; error messages end up in logs and headers. */
  private static String shorten(String text) {
    return text.length() <= MAX_ECHOED_NAME ? text : text.substring(0, MAX_ECHOED_NAME) + "…";
  }

  @Override
  public void onBinary(byte[] message, SessionOutput out) throws BadMessageException {
    throw new BadMessageException(BadMessageReason.UNEXPECTED_BINARY, "Attendee sends JSON text messages only");
  }

  @Override
  public String botId() {
    return botId;
  }
}
