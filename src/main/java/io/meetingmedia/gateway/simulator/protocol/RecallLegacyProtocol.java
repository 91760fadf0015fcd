package io.meetingmedia.gateway.simulator.protocol;

import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.simulator.SimulatorOptions;
import io.meetingmedia.gateway.simulator.engine.ConnectionScript;
import io.meetingmedia.gateway.simulator.engine.OutMessage;
import io.meetingmedia.gateway.simulator.engine.StreamSpec;
import io.meetingmedia.gateway.simulator.media.EncodedImage;
import io.meetingmedia.gateway.simulator.media.ImagePool;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Legacy Recall {@code real_time_media.websocket_video_destination_url} (protocols.md §3): one connection per video
 * stream, each opening with the text {@code {"protocol_version": 1, "bot_id": "..."}} and then sending binary
 * frames of {@code u32le participant_id}, {@code u32le ms since the stream started}, PNG bytes. The protocol has no
 * source field, so the send log leaves {@code source} empty. {@code --connections-per-bot C} sets how many streams
 * (connections) a bot has; by default one per participant, plus one for {@code --screenshare}.
 */
public final class RecallLegacyProtocol implements VendorProtocol {
  /** Size of the binary header before the PNG. */
  public static final int HEADER_BYTES = 8;

  @Override
  public String name() {
    return "recall-legacy";
  }

  @Override
  public Set<String> options() {
    return Set.of("participants", "fps", "screenshare", "size", "content", "connections-per-bot", "frame-pool",
        "stamp");
  }

  @Override
  public double defaultFps(SimulatorOptions options) {
    return 2;
  }

  @Override
  public void validate(SimulatorOptions options) {
    if (options.connectionsPerBot() != null && options.given().contains("participants")) {
      throw new IllegalArgumentException("recall-legacy opens one connection per video stream: give"
          + " --participants or --connections-per-bot, not both");
    }
  }

  @Override
  public String botId(String runTag, int index) {
    return Identities.uuid("recall-legacy-bot", runTag, Integer.toString(index));
  }

  @Override
  public List<ConnectionScript> connections(BotContext bot) {
    SimulatorOptions o = bot.options();
    String botId = botId(bot.runTag(), bot.index());
    int streams = o.connectionsPerBot() != null ? o.connectionsPerBot()
        : o.participants() + (o.screenshare() ? 1 : 0);
    boolean screenshare = o.screenshare();
    long period = framePeriodNanos(o);
    String hello = "{\"protocol_version\": 1, \"bot_id\": " + JsonText.quote(botId) + "}";
    List<ConnectionScript> scripts = new ArrayList<>();
    for (int c = 0; c < streams; c++) {
      boolean screen = screenshare && c == streams - 1;
      int participantId = RecallProtocol.participantId(screen ? 0 : c);
      BasicScript script = new BasicScript(botId, "bot " + bot.index() + " conn " + c);
      script.onOpen(ctx -> OutMessage.controlText(hello));
      script.stream(frames(bot, participantId, screen ? 5 : c * 3, period));
      scripts.add(script);
    }
    return List.copyOf(scripts);
  }

  private static StreamSpec frames(BotContext bot, int participantId, int offset, long period) {
    ImagePool pool = bot.media().png();
    boolean stamp = bot.options().stamp();
    String participant = Integer.toString(participantId);
    return new StreamSpec("stream " + participant, period, true, -1, (index, ctx) -> {
      EncodedImage image = pool.get(index + offset);
      ByteBuf png = stamp ? image.stampedBinary(ctx.epochMicros()) : image.binary();
      ByteBuf payload = Unpooled.wrappedBuffer(header(participantId, Math.round(ctx.relativeSeconds() * 1000)), png);
      return OutMessage.media(false, payload, MediaKind.VIDEO_FRAME, participant, "", png.readableBytes());
    });
  }

  /** @return the 8-byte little-endian header: participant id, then milliseconds since the stream started */
  static ByteBuf header(long participantId, long millis) {
    return Unpooled.buffer(HEADER_BYTES, HEADER_BYTES).writeIntLE((int) participantId).writeIntLE((int) millis);
  }
}
