package io.meetingmedia.gateway.vendor.recall;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.envelope.VideoSource;
import io.meetingmedia.gateway.vendor.BadMessageException;
import io.meetingmedia.gateway.vendor.BadMessageReason;
import io.meetingmedia.gateway.vendor.SessionOutput;
import io.meetingmedia.gateway.vendor.VendorSession;
import io.meetingmedia.gateway.vendor.media.MediaSniffer;
import io.meetingmedia.gateway.vendor.support.JsonMessages;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One Recall real-time endpoint connection. The resource key next to {@code data.data} differs between Recall's
 * docs and samples ({@code audio_mixed} vs {@code audio_mixed_raw}), so only {@code data.data} and
 * {@code data.bot} are read.
 */
final class RecallSession implements VendorSession {
  private String botId;

  @Override
  public void onText(byte[] message, SessionOutput out) throws BadMessageException {
    JsonNode root = JsonMessages.parseObject(message);
    String event = JsonMessages.requireText(root, "event", "event");
    JsonNode data = JsonMessages.requireObject(root, "data", "data");
    JsonNode inner = JsonMessages.requireObject(data, "data", "data.data");
    JsonNode bot = JsonMessages.requireObject(data, "bot", "data.bot");
    botId = JsonMessages.requireText(bot, "id", "data.bot.id");
    switch (event) {
      case "video_separate_png.data":
        onPng(inner, out);
        break;
      default:
        throw new BadMessageException(BadMessageReason.UNKNOWN_MESSAGE, "unsupported event '" + event + "'");
    }
  }

  private void onPng(JsonNode inner, SessionOutput out) throws BadMessageException {
    byte[] png = JsonMessages.decodeBase64(JsonMessages.requireText(inner, "buffer", "data.data.buffer"),
        "data.data.buffer");
    if (!MediaSniffer.isPng(png)) {
      throw new BadMessageException(BadMessageReason.MAGIC_MISMATCH, "'data.data.buffer' is not a PNG image");
    }
    JsonNode participant = JsonMessages.requireObject(inner, "participant", "data.data.participant");
    EnvelopeBuilder envelope = out.envelope()
        .botId(botId)
        .participantId(JsonMessages.requireId(participant, "id", "data.data.participant.id"))
        .participantName(JsonMessages.optionalText(participant, "name"))
        .kind(MediaKind.VIDEO_FRAME)
        .source(source(inner))
        .type("meeting.video.frame")
        .contentType("image/png")
        .payload(png);
    timestamp(inner, envelope);
    int[] size = MediaSniffer.pngSize(png);
    if (size != null) {
      envelope.attribute("width", size[0]).attribute("height", size[1]);
    }
    out.emit(envelope);
  }

  private static VideoSource source(JsonNode inner) throws BadMessageException {
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

  private static void timestamp(JsonNode inner, EnvelopeBuilder envelope) {
    JsonNode ts = inner.get("timestamp");
    if (ts == null || !ts.isObject()) {
      return;
    }
    JsonNode relative = ts.get("relative");
    if (relative != null && relative.isNumber()) {
      envelope.mediaTimeMillis(Math.round(relative.doubleValue() * 1000.0));
    }
    String absolute = JsonMessages.optionalText(ts, "absolute");
    if (absolute != null) {
      try {
        envelope.vendorTime(Instant.parse(absolute));
      } catch (DateTimeParseException e) {
        // an unreadable absolute time is not worth refusing a frame over; the relative time still orders it
      }
    }
  }

  @Override
  public void onBinary(byte[] message, SessionOutput out) throws BadMessageException {
    throw new BadMessageException(BadMessageReason.UNEXPECTED_BINARY,
        "Recall real-time endpoints send JSON text messages only");
  }

  @Override
  public String botId() {
    return botId;
  }
}
