package io.meetingmedia.gateway.simulator.engine;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.WebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * Drops a client WebSocket's TCP connection at once. Vert.x starts its own closing timeout only once our close frame
 * is written, which never happens when the gateway has stopped reading; without this a socket (and the run) would
 * hang on a close handshake.
 */
final class SocketDrop {
  private SocketDrop() {
  }

  static void now(WebSocket ws) {
    if (ws instanceof WebSocketInternal) {
      // closing from the first handler goes straight to the socket, past Vert.x's graceful close handling
      ChannelPipeline pipeline = ((WebSocketInternal) ws).channelHandlerContext().pipeline();
      ChannelHandlerContext first = pipeline.firstContext();
      if (first != null) {
        first.close();
      } else {
        pipeline.channel().close();
      }
    }
  }
}
