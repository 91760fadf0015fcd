package io.meetingmedia.gateway.simulator.protocol;

import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.simulator.SimulatorOptions;
import io.meetingmedia.gateway.simulator.engine.ConnectionScript;
import io.meetingmedia.gateway.simulator.engine.OutMessage;
import io.meetingmedia.gateway.simulator.engine.ReconnectPolicy;
import io.meetingmedia.gateway.simulator.engine.StreamSpec;
import io.meetingmedia.gateway.simulator.media.EncodedImage;
import io.meetingmedia.gateway.simulator.media.FrameSize;
import io.meetingmedia.gateway.simulator.media.ImagePool;
import io.meetingmedia.gateway.simulator.media.Pcm;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Attendee (protocols.md §1): text JSON with a {@code trigger}, no hello and no end message. Video is
 * {@code realtime_video.per_participant} with a base64 JPEG (Attendee's quality for the size) and no timestamp;
 * {@code --audio} adds {@code realtime_audio.mixed} and {@code realtime_audio.per_participant} (16 kHz PCM16 with a
 * wall-clock {@code timestamp_ms}) on the same socket, as when the bot's URLs are equal. Attendee sends participant
 * events only as HTTP webhooks, so {@code --events} is refused. Several connections per bot model distinct URLs.
 */
public final class AttendeeProtocol implements VendorProtocol {
  static final int AUDIO_RATE = 16_000;

  @Override
  public String name() {
    return "attendee";
  }

  @Override
  public Set<String> options() {
    return Set.of("participants", "fps", "screenshare", "size", "content", "audio", "audio-ms", "connections-per-bot",
        "frame-pool", "stamp");
  }

  /** Attendee's {@code RESOLUTION_PARAMS}: 2 fps at 360p, 1 fps at 720p and 1080p. */
  @Override
  public ReconnectPolicy reconnectPolicy() {
    return ReconnectPolicy.ATTENDEE;
  }

  @Override
  public double defaultFps(SimulatorOptions options) {
    return options.size() == FrameSize.P360 ? 2 : 1;
  }

  @Override
  public String botId(String runTag, int index) {
    return Identities.numberedBotId(runTag, index);
  }

  /** @return the participant's {@code participant_uuid}: a string, platform-specific in reality */
  static String participantUuid(String botId, int p) {
    return Identities.uuid("attendee-participant", botId, Integer.toString(p));
  }

  @Override
  public List<ConnectionScript> connections(BotContext bot) {
    SimulatorOptions o = bot.options();
    String botId = botId(bot.runTag(), bot.index());
    long period = framePeriodNanos(o);
    List<StreamSpec> streams = new ArrayList<>();
    for (int p = 0; p < o.participants(); p++) {
      streams.add(video(bot, botId, p, "webcam", period));
      if (o.screenshare() && p == 0) {
        streams.add(video(bot, botId, p, "screenshare", period));
      }
    }
    if (o.audio()) {
      streams.add(audio(bot, botId, false));
      streams.add(audio(bot, botId, true));
    }
    int count = o.connectionsPerBot() == null ? 1 : o.connectionsPerBot();
    List<BasicScript> scripts = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      scripts.add(new BasicScript(botId, "bot " + bot.index() + " conn " + c));
    }
    for (int i = 0; i < streams.size(); i++) {
      scripts.get(i % count).stream(streams.get(i));
    }
    return List.copyOf(scripts);
  }

  private StreamSpec video(BotContext bot, String botId, int p, String source, long period) {
    ImagePool pool = bot.media().jpeg();
    boolean stamp = bot.options().stamp();
    String uuid = participantUuid(botId, p);
    byte[] head = JsonText.utf8("{\"trigger\":\"realtime_video.per_participant\",\"bot_id\":" + JsonText.quote(botId)
        + ",\"data\":{\"frame\":\"");
    byte[] tail = JsonText.utf8("\",\"format\":\"jpeg\",\"participant_uuid\":" + JsonText.quote(uuid)
        + ",\"source\":\"" + source + "\"}}");
    int offset = p * 3 + ("screenshare".equals(source) ? 5 : 0);
    return new StreamSpec(source + " " + uuid, period, true, -1, (index, ctx) -> {
      EncodedImage image = pool.get(index + offset);
      ByteBuf frame = stamp ? image.stampedBase64(ctx.epochMicros()) : Unpooled.wrappedBuffer(image.base64());
      ByteBuf payload = Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(head), frame, Unpooled.wrappedBuffer(tail));
      return OutMessage.media(true, payload, MediaKind.VIDEO_FRAME, uuid, source,
          stamp ? image.stampedLength() : image.bytes().length);
    });
  }

  /**
   * @param perParticipant false for {@code realtime_audio.mixed}; true for {@code realtime_audio.per_participant}
   *                       of whoever speaks (speakers take turns of 3 s)
   */
  private static StreamSpec audio(BotContext bot, String botId, boolean perParticipant) {
    int ms = bot.options().audioMillis();
    int participants = bot.options().participants();
    String trigger = perParticipant ? "realtime_audio.per_participant" : "realtime_audio.mixed";
    byte[] head = JsonText.utf8("{\"trigger\":\"" + trigger + "\",\"bot_id\":" + JsonText.quote(botId)
        + ",\"data\":{\"chunk\":\"");
    return new StreamSpec(trigger, ms * 1_000_000L, false, -1, (index, ctx) -> {
      int p = perParticipant ? Identities.speakerAt(ctx.relativeSeconds(), participants) : -1;
      Pcm pcm = bot.media().tone(AUDIO_RATE, ms, perParticipant ? p : 7);
      String uuid = perParticipant ? participantUuid(botId, p) : MediaEnvelope.MIXED;
      String tail = "\",\"timestamp_ms\":" + ctx.epochMillis() + ",\"sample_rate\":" + AUDIO_RATE
          + (perParticipant ? ",\"participant_uuid\":" + JsonText.quote(uuid) : "") + "}}";
      ByteBuf payload = Unpooled.wrappedBuffer(head, pcm.base64(), JsonText.utf8(tail));
      return OutMessage.media(true, payload, MediaKind.AUDIO_CHUNK, uuid, "", pcm.bytes().length);
    });
  }
}
