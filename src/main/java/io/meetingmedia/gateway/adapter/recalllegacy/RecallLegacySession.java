package io.meetingmedia.gateway.adapter.recalllegacy;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.SessionOutput;
import io.meetingmedia.gateway.adapter.VendorSession;
import io.meetingmedia.gateway.adapter.media.MediaSniffer;
import io.meetingmedia.gateway.adapter.support.JsonMessages;
import io.vertx.core.buffer.Buffer;

/**
 * One legacy Recall video stream. After the hello every message is binary:
 *
 * <pre>
 * offset 0  u32 LE  participant id
 * offset 4  u32 LE  milliseconds since the start of the video (not wall-clock)
 * offset 8  ...     PNG image
 * </pre>
 *
 * The protocol does not say whether a stream is a webcam or a screenshare, so frames carry no video source rather
 * than a guessed one.
 */
final class RecallLegacySession implements VendorSession {
  static final int HEADER_BYTES = 8;
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private String botId;

  @Override
  public void onText(byte[] message, SessionOutput out) throws BadMessageException {
    if (botId != null) {
      throw new BadMessageException(BadMessageReason.UNEXPECTED_TEXT,
          "the hello was already received; legacy Recall sends only binary frames after it");
    }
    JsonNode hello = JsonMessages.parseObject(message);
    JsonNode version = hello.get("protocol_version");
    if (version == null || !version.isIntegralNumber()) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "'protocol_version' must be an integer");
    }
    if (version.asLong() != 1) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE,
          "unsupported protocol_version " + version.asText() + ", expected 1");
    }
    if (hello.has("recording_id") || hello.has("separate_streams")) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE,
          "this is the hello of the legacy audio protocol; this route accepts the legacy video protocol");
    }
    botId = JsonMessages.requireId(hello, "bot_id", "bot_id");
  }

  @Override
  public void onBinary(byte[] message, SessionOutput out) throws BadMessageException {
    onBinary(Buffer.buffer(message), out);
  }

  /** Reads the header in place and copies only the PNG out of the frame. */
  @Override
  public void onBinary(Buffer message, SessionOutput out) throws BadMessageException {
    if (botId == null) {
      throw new BadMessageException(BadMessageReason.MISSING_HELLO,
          "binary frame before the {\"protocol_version\":1,\"bot_id\":...} hello");
    }
    if (message.length() < HEADER_BYTES) {
      throw new BadMessageException(BadMessageReason.SHORT_HEADER,
          "frame of " + message.length() + " bytes is shorter than the 8-byte header");
    }
    if (!hasPngSignature(message)) {
      throw new BadMessageException(BadMessageReason.MAGIC_MISMATCH, "the bytes after the 8-byte header are not a PNG");
    }
    long participantId = message.getUnsignedIntLE(0);
    long mediaMillis = message.getUnsignedIntLE(4);
    byte[] png = message.getBytes(HEADER_BYTES, message.length());
    EnvelopeBuilder envelope = out.envelope()
        .botId(botId)
        .participantId(Long.toString(participantId))
        .kind(MediaKind.VIDEO_FRAME)
        .type("meeting.video.frame")
        .contentType("image/png")
        .mediaTimeMillis(mediaMillis)
        .payload(png);
    int[] size = MediaSniffer.pngSize(png);
    if (size != null) {
      envelope.attribute("width", size[0]).attribute("height", size[1]);
    }
    out.emit(envelope);
  }

  private static boolean hasPngSignature(Buffer message) {
    if (message.length() < HEADER_BYTES + PNG_SIGNATURE.length) {
      return false;
    }
    for (int i = 0; i < PNG_SIGNATURE.length; i++) {
      if (message.getByte(HEADER_BYTES + i) != PNG_SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String botId() {
    return botId;
  }
}
