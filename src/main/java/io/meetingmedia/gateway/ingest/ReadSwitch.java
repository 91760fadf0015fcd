package io.meetingmedia.gateway.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
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
 *
 * <p>Auto-read alone does not stop a frame in the middle: Netty's frame decoder asks for another read
 * ({@code ctx.read()}) whenever a read ended inside a frame while auto-read is off, so a paused socket would go on
 * reading until its current frame, up to the frame limit, is whole. The meter sits in front of the decoder and
 * swallows those requests while the switch is off; the partial frame stays in the decoder, already counted.
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
    Meter meter = new Meter(channel, onRead);
    if (decoder != null) {
      pipeline.addBefore(decoder, METER, meter);
    } else {
      throw new IllegalStateException("no WebSocket frame decoder in the pipeline: " + pipeline.names());
    }
    return meter;
  }

  /** Counts what is read and passes read requests on only while reading is on; used on the channel's event loop. */
  final class Meter extends ChannelDuplexHandler implements ReadSwitch {
    private final Channel channel;
    private final LongConsumer onRead;
    private boolean reading = true;

    private Meter(Channel channel, LongConsumer onRead) {
      this.channel = channel;
      this.onRead = onRead;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf) {
        onRead.accept(((ByteBuf) msg).readableBytes());
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
      if (reading) {
        ctx.read();
      }
    }

    @Override
    public void on() {
      reading = true;
      channel.config().setAutoRead(true);
    }

    @Override
    public void off() {
      reading = false;
      channel.config().setAutoRead(false);
    }
  }
}
