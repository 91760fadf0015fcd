package io.meetingmedia.gateway.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Where bytes enter the process from one vendor socket: counts them as Netty reads them (after TLS, before the
 * WebSocket decoder) and turns reading on and off with Netty's auto-read.
 *
 * <p>Why not {@code ServerWebSocket.pause()}: it only stops delivery. Vert.x keeps reading into its own queue (up to
 * 16 frames, each as large as the frame limit), and answers a close frame while data frames still wait there. With
 * auto-read off nothing more is read from the kernel, TCP's window pushes back on the vendor, the vendor's close
 * frame stays behind its data, and a frame being read stops where it is, already counted.
 */
interface ReadSwitch {
  /** Name of the counting handler in the channel pipeline. */
  String METER = "gateway-read-meter";

  void on();

  void off();

  /**
   * Installs the switch on a Vert.x server WebSocket's channel.
   *
   * @param onRead receives the size of every buffer read from the socket, on the socket's event loop
   */
  static ReadSwitch install(ServerWebSocket ws, LongConsumer onRead) {
    Channel channel = ((WebSocketInternal) ws).channelHandlerContext().channel();
    ChannelPipeline pipeline = channel.pipeline();
    String decoder = null;
    for (Map.Entry<String, ChannelHandler> e : pipeline) {
      if (e.getValue() instanceof WebSocketFrameDecoder) {
        decoder = e.getKey();
        break;
      }
    }
    ChannelHandler meter = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf) {
          onRead.accept(((ByteBuf) msg).readableBytes());
        }
        ctx.fireChannelRead(msg);
      }
    };
    if (decoder != null) {
      pipeline.addBefore(decoder, METER, meter);
    } else {
      throw new IllegalStateException("no WebSocket frame decoder in the pipeline: " + pipeline.names());
    }
    return new ReadSwitch() {
      @Override
      public void on() {
        channel.config().setAutoRead(true);
      }

      @Override
      public void off() {
        channel.config().setAutoRead(false);
      }
    };
  }
}
