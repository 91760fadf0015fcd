package io.meetingmedia.gateway.simulator.engine;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * Writes one message as one WebSocket frame, or as a first frame and continuations of at most
 * {@code --fragment-bytes} each, the way some vendor clients split large messages. Frames are Vert.x's
 * {@link WebSocketFrameImpl}: the public factories only take a String for text frames, which would cost two more
 * copies of every base64 image.
 */
final class FragmentingWriter {

  private FragmentingWriter() {
  }

  /**
   * @param fragmentBytes the largest frame payload, or 0 for one frame per message
   * @param onFrameError  called for every frame whose write fails
   * @return the write of the last frame
   */
  static Future<Void> write(WebSocket ws, boolean text, ByteBuf payload, int fragmentBytes, Runnable onFrameError) {
    WebSocketFrameType type = text ? WebSocketFrameType.TEXT : WebSocketFrameType.BINARY;
    int size = payload.readableBytes();
    if (fragmentBytes <= 0 || size <= fragmentBytes) {
      return frame(ws, new WebSocketFrameImpl(type, payload, true), onFrameError);
    }
    Future<Void> last = null;
    for (int offset = 0; offset < size; offset += fragmentBytes) {
      int length = Math.min(fragmentBytes, size - offset);
      last = frame(ws, new WebSocketFrameImpl(offset == 0 ? type : WebSocketFrameType.CONTINUATION,
          payload.slice(payload.readerIndex() + offset, length), offset + length >= size), onFrameError);
    }
    return last;
  }

  private static Future<Void> frame(WebSocket ws, WebSocketFrameImpl frame, Runnable onFrameError) {
    return ws.writeFrame(frame).onFailure(error -> onFrameError.run());
  }
}
