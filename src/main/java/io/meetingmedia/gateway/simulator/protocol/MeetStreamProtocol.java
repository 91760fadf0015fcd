package io.meetingmedia.gateway.simulator.protocol;

import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.simulator.SimulatorOptions;
import io.meetingmedia.gateway.simulator.engine.ConnectionScript;
import io.meetingmedia.gateway.simulator.engine.OutMessage;
import io.meetingmedia.gateway.simulator.engine.PongLedger;
import io.meetingmedia.gateway.simulator.engine.StreamSpec;
import io.meetingmedia.gateway.simulator.media.Fmp4Fixture;
import io.netty.buffer.Unpooled;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * MeetStream live video (protocols.md §4): one connection per bot. Text {@code video_stream_start} first, then the
 * fMP4 stream (init segment, then fragments, replayed from the fixture) as binary chunks in order, cut at arbitrary
 * byte boundaries (the first chunk ends inside {@code moov}, later ones vary ±40% around the mean size), a
 * {@code video_latency_ping} every {@code --ping-seconds}, and {@code video_stream_end} before the close. Every
 * ping expects a {@code video_latency_pong}; the {@link PongLedger} reports missing, late and bad pongs and the
 * round-trip time. {@code --fps} is the number of chunks per second.
 */
public final class MeetStreamProtocol implements VendorProtocol {
  private static final double DEFAULT_CHUNKS_PER_SECOND = 4;

  @Override
  public String name() {
    return "meetstream";
  }

  @Override
  public Set<String> options() {
    return Set.of("fps", "ping-seconds", "pong-timeout-ms", "chunk-bytes");
  }

  @Override
  public double defaultFps(SimulatorOptions options) {
    return DEFAULT_CHUNKS_PER_SECOND;
  }

  @Override
  public String botId(String runTag, int index) {
    return Identities.numberedBotId(runTag, index);
  }

  @Override
  public List<ConnectionScript> connections(BotContext bot) {
    return List.of(new Script(bot, botId(bot.runTag(), bot.index())));
  }

  /** @return the {@code video_stream_start} message, describing the fixture */
  static String streamStart(String botId) {
    return "{\"type\":\"video_stream_start\",\"bot_id\":" + JsonText.quote(botId) + ",\"codec\":\"h264\","
        + "\"audio_codec\":\"aac\",\"container\":\"fmp4\",\"width\":" + Fmp4Fixture.WIDTH + ",\"height\":"
        + Fmp4Fixture.HEIGHT + ",\"framerate\":" + Fmp4Fixture.FPS + ",\"audio_sample_rate\":"
        + Fmp4Fixture.AUDIO_SAMPLE_RATE + ",\"audio_bitrate\":\"" + Fmp4Fixture.AUDIO_BITRATE + "\"}";
  }

  static String ping(String botId, long seq, long sentAtMillis) {
    return "{\"type\":\"video_latency_ping\",\"bot_id\":" + JsonText.quote(botId) + ",\"seq\":" + seq
        + ",\"sent_at_ms\":" + sentAtMillis + "}";
  }

  static String streamEnd(String botId, double seconds) {
    return "{\"type\":\"video_stream_end\",\"bot_id\":" + JsonText.quote(botId) + ",\"duration_seconds\":"
        + Math.round(seconds * 10) / 10.0 + "}";
  }

  /** One bot's video socket; the chunk cursor and the pong ledger are its own. */
  static final class Script extends BasicScript {
    private final String botId;
    private final PongLedger pongs;

    Script(BotContext bot, String botId) {
      super(botId, "bot " + bot.index() + " conn 0");
      this.botId = botId;
      SimulatorOptions o = bot.options();
      this.pongs = new PongLedger(bot.stats(), o.pongTimeoutMillis() * 1_000_000L);
      Fmp4Fixture fixture = bot.media().fmp4();
      double chunksPerSecond = o.fps() != null ? o.fps() : DEFAULT_CHUNKS_PER_SECOND;
      int mean = o.chunkBytes() != null ? o.chunkBytes()
          : (int) Math.max(1, Math.round(fixture.bytesPerSecond() / chunksPerSecond));
      Fmp4Fixture.Cursor cursor = fixture.cursor();
      SplittableRandom random = new SplittableRandom(botId.hashCode());
      onOpen(ctx -> OutMessage.controlText(streamStart(botId)));
      stream(new StreamSpec("fmp4", (long) (1e9 / chunksPerSecond), true, -1, (index, ctx) -> {
        int size = index == 0 ? Math.max(1, fixture.init().length / 2)
            : Math.max(1, (int) Math.round(mean * (0.6 + 0.8 * random.nextDouble())));
        byte[] chunk = cursor.next(size);
        return OutMessage.media(false, Unpooled.wrappedBuffer(chunk), MediaKind.VIDEO_CHUNK, MediaEnvelope.MIXED, "",
            chunk.length);
      }));
      long pingPeriod = (long) (o.pingSeconds() * 1e9);
      stream(new StreamSpec("ping", pingPeriod, false, pingPeriod, (index, ctx) -> {
        long seq = index + 1;
        pongs.pingSent(seq, ctx.epochMillis(), System.nanoTime());
        return OutMessage.controlText(ping(botId, seq, ctx.epochMillis()));
      }));
      onClose(ctx -> OutMessage.controlText(streamEnd(botId, ctx.relativeSeconds())));
    }

    @Override
    public void onText(String text, long receivedNanos) {
      JsonObject json;
      try {
        json = new JsonObject(text);
      } catch (DecodeException e) {
        pongs.pong(null, null, null, botId, null, receivedNanos);
        return;
      }
      if ("video_latency_pong".equals(json.getValue("type"))) {
        pongs.pong(number(json, "seq"), number(json, "sent_at_ms"), json.getValue("bot_id") instanceof String
            ? json.getString("bot_id") : null, botId, number(json, "server_received_at_ms"), receivedNanos);
      }
    }

    private static Long number(JsonObject json, String key) {
      Object v = json.getValue(key);
      return v instanceof Number ? ((Number) v).longValue() : null;
    }

    @Override
    public PongLedger pongs() {
      return pongs;
    }
  }
}
