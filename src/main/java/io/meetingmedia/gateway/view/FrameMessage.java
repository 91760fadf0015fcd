package io.meetingmedia.gateway.view;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * The binary WebSocket message of one frame: a 4-byte big-endian length, a UTF-8 JSON header of that length
 * ({@code bot}, {@code participant}, {@code source}, {@code contentType}, {@code time}, {@code receivedAt},
 * {@code timestamp}, {@code seq}, and {@code init}/{@code codec} for fMP4), then the record's value unchanged. Built
 * once per record and shared by every viewer.
 */
final class FrameMessage {
  private FrameMessage() {
  }

  static Buffer of(JsonObject header, Buffer payload) {
    byte[] head = header.encode().getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer(4 + head.length + payload.length()).appendInt(head.length).appendBytes(head)
        .appendBuffer(payload);
  }
}
