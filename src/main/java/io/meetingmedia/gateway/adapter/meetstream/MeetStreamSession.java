package io.meetingmedia.gateway.adapter.meetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.SessionOutput;
import io.meetingmedia.gateway.adapter.VendorSession;
import io.meetingmedia.gateway.adapter.media.Mp4InitSegmentTracker;
import io.meetingmedia.gateway.adapter.support.EventJson;
import io.meetingmedia.gateway.adapter.support.JsonMessages;
import java.util.ArrayDeque;

/**
 * One MeetStream live-video connection, which is one fMP4 stream: every binary message is the next piece of it,
 * published in arrival order under one key, {@code <bot>:mixed}, so that a consumer can append the records of a
 * partition and get a playable file.
 *
 * <p>The bot id arrives in {@code video_stream_start}. Binary messages that come before it are held (up to
 * {@link #MAX_HELD_BYTES}) and published, in order, once the bot is known, so the whole stream shares one key.
 * If the start never comes (the limit is reached or the socket closes first), the held chunks and every later one
 * are published under the bot id of the latest ping, or {@code unknown} without one; the key then stays fixed
 * for the rest of the connection, because changing it midway would split the stream across partitions.
 *
 * <p>Besides the chunks, the bytes up to the end of the {@code moov} box are published once more as the init
 * segment (compacted topic, key {@code <bot>}), for consumers that join late. A stream that has no init segment
 * within {@link #MAX_INIT_SEGMENT_BYTES} gets a {@code meeting.stream.init_unavailable} event instead.
 */
final class MeetStreamSession implements VendorSession {
  /** Largest init segment looked for; a 1080p H.264+AAC {@code moov} is a few KiB. */
  static final int MAX_INIT_SEGMENT_BYTES = 16 * 1024 * 1024;
  /** Largest amount of stream held while the bot id is unknown. */
  static final long MAX_HELD_BYTES = 16L * 1024 * 1024;
  /** Bot id used for chunks when MeetStream never revealed one. */
  static final String UNKNOWN_BOT = "unknown";
  static final String CHUNK_TYPE = "meeting.video.fmp4.chunk";
  static final String INIT_TYPE = "meeting.video.fmp4.init";
  static final String CONTENT_TYPE = "video/mp4";

  private final Mp4InitSegmentTracker init = new Mp4InitSegmentTracker(MAX_INIT_SEGMENT_BYTES);
  private final ArrayDeque<byte[]> held = new ArrayDeque<>();
  private long heldBytes;
  /** Bot id from {@code video_stream_start}. */
  private String botId;
  /** Bot id from the latest ping, the fallback when no start arrives. */
  private String pingBotId;
  /** Bot id the stream's chunks are published under; fixed once chosen. */
  private String streamBotId;
  private StreamInfo info;
  private long streamOffset;

  @Override
  public void onText(byte[] message, SessionOutput out) throws BadMessageException {
    JsonNode msg = ControlJson.parse(message);
    String type = JsonMessages.requireText(msg, "type", "type");
    switch (type) {
      case "video_latency_ping":
        onPing(msg, out);
        break;
      case "video_stream_start":
        onStart(msg, out);
        break;
      case "video_stream_end":
        onEnd(msg, out);
        break;
      default:
        throw new BadMessageException(BadMessageReason.UNKNOWN_MESSAGE, "unknown message type '" + type + "'");
    }
  }

  /** Answers first (MeetStream drops sinks whose pongs are late), then checks the ping and reports the latency. */
  private void onPing(JsonNode ping, SessionOutput out) throws BadMessageException {
    long receivedAt = out.receivedAtMillis();
    out.replyText(LatencyPong.answer(ping, botId, receivedAt));
    String id = idOrNull(ping.get("bot_id"));
    if (id != null) {
      pingBotId = id;
    }
    JsonNode seq = ping.get("seq");
    JsonNode sentAt = ping.get("sent_at_ms");
    if (seq == null || !seq.isIntegralNumber() || sentAt == null || !sentAt.isNumber()) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE,
          "video_latency_ping needs integer 'seq' and numeric 'sent_at_ms' (the pong was sent)");
    }
    EventJson event = EventJson.of("meeting.stream.latency", firstKnown(id, botId));
    event.data().set("seq", seq);
    event.data().set("sentAtMs", sentAt);
    event.data().put("serverReceivedAtMs", receivedAt);
    long sentAtMs = sentAt.isIntegralNumber() ? sentAt.longValue() : Math.round(sentAt.doubleValue());
    event.data().put("oneWayEstimateMs", receivedAt - sentAtMs);
    event.emit(out);
  }

  private void onStart(JsonNode start, SessionOutput out) throws BadMessageException {
    if (botId != null) {
      throw new BadMessageException(BadMessageReason.UNEXPECTED_TEXT,
          "video_stream_start was already received; a new stream needs a new connection");
    }
    botId = JsonMessages.requireId(start, "bot_id", "bot_id");
    info = StreamInfo.from(start);
    EventJson event = EventJson.of("meeting.stream.started", botId);
    info.writeTo(event.data());
    if (streamBotId != null && !streamBotId.equals(botId)) {
      event.data().put("chunkBotId", streamBotId);
    }
    event.emit(out);
    if (streamBotId == null) {
      streamBotId = botId;
      releaseHeld(out);
    }
  }

  private void onEnd(JsonNode end, SessionOutput out) {
    EventJson event = EventJson.of("meeting.stream.ended", firstKnown(idOrNull(end.get("bot_id")), botId));
    JsonNode duration = end.get("duration_seconds");
    if (duration != null && duration.isNumber()) {
      event.data().set("durationSeconds", duration);
    }
    event.data().put("streamBytes", streamOffset + heldBytes);
    event.emit(out);
  }

  @Override
  public void onBinary(byte[] message, SessionOutput out) throws BadMessageException {
    if (message.length == 0) {
      throw new BadMessageException(BadMessageReason.WRONG_SHAPE, "empty binary message");
    }
    if (streamBotId != null) {
      publish(message, out);
      return;
    }
    held.add(message);
    heldBytes += message.length;
    if (heldBytes > MAX_HELD_BYTES) {
      streamBotId = firstKnown(pingBotId, null);
      releaseHeld(out);
    }
  }

  @Override
  public void onClose(SessionOutput out) {
    if (streamBotId == null && !held.isEmpty()) {
      streamBotId = firstKnown(pingBotId, null);
      releaseHeld(out);
    }
    if (init.scannedBytes() > 0 && init.endOfStream()) {
      reportNoInitSegment(out);
    }
  }

  private void releaseHeld(SessionOutput out) {
    while (!held.isEmpty()) {
      publish(held.poll(), out);
    }
    heldBytes = 0;
  }

  private void publish(byte[] chunk, SessionOutput out) {
    out.emit(out.envelope()
        .botId(streamBotId)
        .participantId(MediaEnvelope.MIXED)
        .kind(MediaKind.VIDEO_CHUNK)
        .type(CHUNK_TYPE)
        .contentType(CONTENT_TYPE)
        .attribute("byteoffset", streamOffset)
        .payload(chunk));
    streamOffset += chunk.length;
    if (init.state() != Mp4InitSegmentTracker.State.SCANNING) {
      return;
    }
    byte[] segment = init.feed(chunk);
    if (segment != null) {
      EnvelopeBuilder envelope = out.envelope()
          .botId(streamBotId)
          .participantId(MediaEnvelope.MIXED)
          .kind(MediaKind.VIDEO_INIT_SEGMENT)
          .type(INIT_TYPE)
          .contentType(CONTENT_TYPE)
          .payload(segment);
      if (info != null) {
        info.describe(envelope);
      }
      out.emit(envelope);
    } else if (init.state() == Mp4InitSegmentTracker.State.UNAVAILABLE) {
      reportNoInitSegment(out);
    }
  }

  private void reportNoInitSegment(SessionOutput out) {
    EventJson event = EventJson.of("meeting.stream.init_unavailable", streamBotId);
    event.data().put("reason", init.failure());
    event.data().put("scannedBytes", init.scannedBytes());
    event.emit(out);
  }

  private static String idOrNull(JsonNode node) {
    if (node != null && (node.isIntegralNumber() || node.isTextual() && !node.textValue().isEmpty())) {
      return node.asText();
    }
    return null;
  }

  private static String firstKnown(String first, String second) {
    return first != null ? first : second != null ? second : UNKNOWN_BOT;
  }

  @Override
  public String botId() {
    return botId != null ? botId : streamBotId;
  }
}
