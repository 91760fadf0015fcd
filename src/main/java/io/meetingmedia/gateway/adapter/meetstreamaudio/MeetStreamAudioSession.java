package io.meetingmedia.gateway.adapter.meetstreamaudio;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.SessionOutput;
import io.meetingmedia.gateway.adapter.VendorSession;
import io.meetingmedia.gateway.adapter.support.JsonMessages;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One MeetStream live-audio connection. After the {@code ready} message every message is binary:
 *
 * <pre>
 * u8      msg_type     always 0x01 (PCM audio)
 * u16 LE  sid_length   then sid_length bytes of UTF-8 speaker id
 * u16 LE  sname_length then sname_length bytes of UTF-8 speaker name
 * rest    PCM          s16le, 48 kHz, mono
 * </pre>
 *
 * Each frame is keyed by its speaker. MeetStream labels audio it cannot attribute with the speaker name
 * {@code NoSpeaker} (early in a meeting and in silence); those frames are kept, under the participant id
 * {@value #UNATTRIBUTED} and without a name, because the id sent with them identifies nobody.
 */
final class MeetStreamAudioSession implements VendorSession {
  /** Participant id of audio MeetStream could not attribute to a speaker. */
  static final String UNATTRIBUTED = "unattributed";
  /** The speaker name MeetStream sends for unattributed audio. */
  static final String NO_SPEAKER = "NoSpeaker";
  static final int SAMPLE_RATE = 48_000;
  static final String CONTENT_TYPE = "audio/pcm;rate=" + SAMPLE_RATE + ";channels=1;encoding=s16le";
  private static final int PCM_AUDIO = 0x01;

  private String botId;

  @Override
  public void onText(byte[] message, SessionOutput out) throws BadMessageException {
    if (botId != null) {
      throw new BadMessageException(BadMessageReason.UNEXPECTED_TEXT,
          "'ready' was already received; MeetStream audio sends only binary frames after it");
    }
    JsonNode ready = JsonMessages.parseObject(message);
    String type = JsonMessages.requireText(ready, "type", "type");
    if (!"ready".equals(type)) {
      throw new BadMessageException(BadMessageReason.UNKNOWN_MESSAGE,
          "unexpected message type '" + type + "', expected 'ready'");
    }
    botId = JsonMessages.requireId(ready, "bot_id", "bot_id");
  }

  @Override
  public void onBinary(byte[] message, SessionOutput out) throws BadMessageException {
    if (botId == null) {
      throw new BadMessageException(BadMessageReason.MISSING_HELLO, "binary frame before the 'ready' message");
    }
    if (message.length < 3) {
      throw new BadMessageException(BadMessageReason.SHORT_HEADER,
          "frame of " + message.length + " bytes ends inside the msg_type/sid_length header");
    }
    int msgType = message[0] & 0xFF;
    if (msgType != PCM_AUDIO) {
      throw new BadMessageException(BadMessageReason.UNKNOWN_MESSAGE,
          "msg_type 0x" + Integer.toHexString(msgType) + " is not 0x01 (PCM audio)");
    }
    int sidLength = uint16le(message, 1);
    int nameLengthAt = 3 + sidLength;
    if (nameLengthAt > message.length) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE,
          "sid_length " + sidLength + " runs past the end of the " + message.length + "-byte frame");
    }
    if (nameLengthAt + 2 > message.length) {
      throw new BadMessageException(BadMessageReason.SHORT_HEADER, "frame ends inside the sname_length field");
    }
    int nameLength = uint16le(message, nameLengthAt);
    int pcmAt = nameLengthAt + 2 + nameLength;
    if (pcmAt > message.length) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE,
          "sname_length " + nameLength + " runs past the end of the " + message.length + "-byte frame");
    }
    int pcmLength = message.length - pcmAt;
    if (pcmLength % 2 != 0) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE,
          "PCM part of " + pcmLength + " bytes is not a whole number of 16-bit samples");
    }
    if (pcmLength == 0) {
      // a header without samples carries nothing a consumer could use
      return;
    }
    String speakerId = utf8(message, 3, sidLength, "speaker_id");
    String speakerName = utf8(message, nameLengthAt + 2, nameLength, "speaker_name");
    boolean attributed = !NO_SPEAKER.equals(speakerName) && !speakerId.isEmpty();
    out.emit(out.envelope()
        .botId(botId)
        .participantId(attributed ? speakerId : UNATTRIBUTED)
        .participantName(attributed && !speakerName.isEmpty() ? speakerName : null)
        .kind(MediaKind.AUDIO_CHUNK)
        .type("meeting.audio.chunk")
        .contentType(CONTENT_TYPE)
        .attribute("samplerate", SAMPLE_RATE)
        .attribute("channels", 1)
        .attribute("encoding", "s16le")
        .payload(Arrays.copyOfRange(message, pcmAt, message.length)));
  }

  private static String utf8(byte[] b, int offset, int length, String field) throws BadMessageException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "'" + field + "' is not valid UTF-8");
    }
  }

  private static int uint16le(byte[] b, int offset) {
    return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
  }

  @Override
  public String botId() {
    return botId;
  }
}
