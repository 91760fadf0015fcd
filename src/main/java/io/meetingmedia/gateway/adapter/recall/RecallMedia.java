package io.meetingmedia.gateway.adapter.recall;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.SessionOutput;
import io.meetingmedia.gateway.adapter.media.MediaSniffer;
import io.meetingmedia.gateway.adapter.support.PayloadJson;
import io.meetingmedia.gateway.adapter.support.PcmAudio;

/**
 * Recall's media events: per-participant PNG frames, per-participant H.264 access units, and mixed or
 * per-participant audio. Every buffer is {@code data.data.buffer}; Recall's audio is always 16 kHz mono S16LE.
 */
final class RecallMedia {
  static final String BUFFER = "buffer";
  private static final String BUFFER_PATH = "data.data.buffer";
  private static final int AUDIO_RATE = 16_000;

  private RecallMedia() {
  }

  static void png(String botId, JsonNode inner, SessionOutput out) throws BadMessageException {
    EnvelopeBuilder envelope = video(botId, inner, out);
    byte[] png = PayloadJson.requireBase64(inner, BUFFER, BUFFER_PATH).decode(BUFFER_PATH);
    if (!MediaSniffer.isPng(png)) {
      throw new BadMessageException(BadMessageReason.MAGIC_MISMATCH, "'" + BUFFER_PATH + "' is not a PNG image");
    }
    envelope.kind(MediaKind.VIDEO_FRAME).type("meeting.video.frame").contentType("image/png").payload(png);
    int[] size = MediaSniffer.pngSize(png);
    if (size != null) {
      envelope.attribute("width", size[0]).attribute("height", size[1]);
    }
    out.emit(envelope);
  }

  /** One buffer is one Annex-B access unit; a consumer joining late must wait for {@code keyframe=true}. */
  static void h264(String botId, JsonNode inner, SessionOutput out) throws BadMessageException {
    EnvelopeBuilder envelope = video(botId, inner, out);
    byte[] h264 = PayloadJson.requireBase64(inner, BUFFER, BUFFER_PATH).decode(BUFFER_PATH);
    if (!MediaSniffer.isAnnexB(h264)) {
      throw new BadMessageException(BadMessageReason.MAGIC_MISMATCH,
          "'" + BUFFER_PATH + "' is not H.264 Annex-B (no start code)");
    }
    envelope.kind(MediaKind.VIDEO_CHUNK).type("meeting.video.h264").contentType("video/h264")
        .attribute("keyframe", MediaSniffer.isH264Keyframe(h264)).payload(h264);
    out.emit(envelope);
  }

  static void audio(String botId, JsonNode inner, boolean perParticipant, SessionOutput out)
      throws BadMessageException {
    EnvelopeBuilder envelope = out.envelope().botId(botId);
    if (perParticipant) {
      RecallFields.Participant participant = RecallFields.requireParticipant(inner);
      envelope.participantId(participant.id()).participantName(participant.name());
    } else {
      envelope.participantId(MediaEnvelope.MIXED);
    }
    byte[] pcm = PayloadJson.requireBase64(inner, BUFFER, BUFFER_PATH).decode(BUFFER_PATH);
    PcmAudio.requireWholeSamples(pcm, 1, BUFFER_PATH);
    envelope.kind(MediaKind.AUDIO_CHUNK).type("meeting.audio.chunk").payload(pcm);
    PcmAudio.describe(envelope, AUDIO_RATE, 1);
    timestamp(inner, envelope);
    out.emit(envelope);
  }

  /** The fields every per-participant video event shares, read before the (costly) buffer is decoded. */
  private static EnvelopeBuilder video(String botId, JsonNode inner, SessionOutput out) throws BadMessageException {
    RecallFields.Participant participant = RecallFields.requireParticipant(inner);
    EnvelopeBuilder envelope = out.envelope()
        .botId(botId)
        .participantId(participant.id())
        .participantName(participant.name())
        .source(RecallFields.source(inner));
    timestamp(inner, envelope);
    return envelope;
  }

  private static void timestamp(JsonNode inner, EnvelopeBuilder envelope) {
    JsonNode timestamp = inner.get("timestamp");
    envelope.mediaTimeMillis(RecallFields.relativeMillis(timestamp)).vendorTime(RecallFields.absolute(timestamp));
  }
}
