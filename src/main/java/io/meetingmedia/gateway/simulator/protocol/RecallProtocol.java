package io.meetingmedia.gateway.simulator.protocol;

import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.simulator.SimulatorOptions;
import io.meetingmedia.gateway.simulator.engine.ConnectionScript;
import io.meetingmedia.gateway.simulator.engine.OutMessage;
import io.meetingmedia.gateway.simulator.engine.SendContext;
import io.meetingmedia.gateway.simulator.engine.StreamSpec;
import io.meetingmedia.gateway.simulator.media.EncodedImage;
import io.meetingmedia.gateway.simulator.media.H264AccessUnits;
import io.meetingmedia.gateway.simulator.media.ImagePool;
import io.meetingmedia.gateway.simulator.media.Pcm;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Recall.ai real-time websocket endpoints (protocols.md §2): text JSON {@code {"event", "data": {"data": {...},
 * "realtime_endpoint", <resource>, "recording", "bot"}}} with the vendor's key order. Video is
 * {@code video_separate_png.data} (base64 PNG) or {@code video_separate_h264.data} (base64 Annex-B access unit);
 * {@code --audio} adds {@code audio_mixed_raw.data} and {@code audio_separate_raw.data} (16 kHz S16LE) for the
 * current speaker; {@code --events} adds {@code participant_events.join} on open, {@code transcript.data} every 3 s
 * and {@code participant_events.leave} before the close. Participant ids are numbers (100, 101, ...). Several
 * connections per bot model several configured endpoints: the bot's streams are spread over them.
 */
public final class RecallProtocol implements VendorProtocol {
  static final int AUDIO_RATE = 16_000;
  private static final long TRANSCRIPT_PERIOD_NANOS = 3_000_000_000L;
  private static final String[] WORDS = {"so", "the", "gateway", "keeps", "every", "frame", "in", "order"};

  @Override
  public String name() {
    return "recall";
  }

  @Override
  public Set<String> options() {
    return Set.of("participants", "fps", "screenshare", "size", "content", "video", "audio", "audio-ms", "events",
        "connections-per-bot", "frame-pool", "stamp");
  }

  @Override
  public double defaultFps(SimulatorOptions options) {
    return "h264".equals(options.video()) ? H264AccessUnits.FPS : 2;
  }

  @Override
  public void validate(SimulatorOptions options) {
    if (options.stamp() && "h264".equals(options.video())) {
      throw new IllegalArgumentException("--stamp needs image frames; H.264 access units cannot carry a stamp");
    }
    if ("h264".equals(options.video()) && (options.given().contains("size") || options.given().contains("content"))) {
      throw new IllegalArgumentException("--size and --content apply to PNG frames; H.264 comes from the 320x180"
          + " fixture");
    }
  }

  @Override
  public String botId(String runTag, int index) {
    return Identities.uuid("recall-bot", runTag, Integer.toString(index));
  }

  @Override
  public List<ConnectionScript> connections(BotContext bot) {
    SimulatorOptions o = bot.options();
    String botId = botId(bot.runTag(), bot.index());
    int count = o.connectionsPerBot() == null ? 1 : o.connectionsPerBot();
    Resources r = new Resources(bot.runTag(), botId);
    long videoPeriod = framePeriodNanos(o);
    List<Function<String, StreamSpec>> streams = new ArrayList<>();
    for (int p = 0; p < o.participants(); p++) {
      int participant = p;
      streams.add(endpoint -> video(bot, r, endpoint, participant, "webcam", videoPeriod));
      if (o.screenshare() && p == 0) {
        streams.add(endpoint -> video(bot, r, endpoint, participant, "screenshare", videoPeriod));
      }
    }
    if (o.audio()) {
      streams.add(endpoint -> mixedAudio(bot, r, endpoint));
      streams.add(endpoint -> separateAudio(bot, r, endpoint));
    }
    List<BasicScript> scripts = new ArrayList<>();
    List<String> endpoints = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      scripts.add(new BasicScript(botId, "bot " + bot.index() + " conn " + c));
      endpoints.add(resource(Identities.uuid("recall-endpoint", bot.runTag(), botId, Integer.toString(c))));
    }
    for (int i = 0; i < streams.size(); i++) {
      scripts.get(i % count).stream(streams.get(i).apply(endpoints.get(i % count)));
    }
    if (o.events()) {
      // all events on the first endpoint, so a participant's events form one ordered stream
      scripts.get(0).stream(transcripts(r, endpoints.get(0), o.participants()));
      for (int p = 0; p < o.participants(); p++) {
        int participant = p;
        scripts.get(0).onOpen(ctx -> participantEvent(r, endpoints.get(0), "participant_events.join", participant,
            ctx));
        scripts.get(0).onClose(ctx -> participantEvent(r, endpoints.get(0), "participant_events.leave", participant,
            ctx));
      }
    }
    return List.copyOf(scripts);
  }

  /** The ids Recall puts next to {@code data.data}, constant for one bot. */
  static final class Resources {
    final String botId;
    final String recording;
    final String videoSeparate;
    final String audioMixed;
    final String audioSeparate;
    final String transcript;
    final String participantEvents;
    final String bot;

    Resources(String runTag, String botId) {
      this.botId = botId;
      this.recording = resource(Identities.uuid("recall-recording", runTag, botId));
      this.videoSeparate = resource(Identities.uuid("recall-video-separate", runTag, botId));
      this.audioMixed = resource(Identities.uuid("recall-audio-mixed", runTag, botId));
      this.audioSeparate = resource(Identities.uuid("recall-audio-separate", runTag, botId));
      this.transcript = resource(Identities.uuid("recall-transcript", runTag, botId));
      this.participantEvents = resource(Identities.uuid("recall-participant-events", runTag, botId));
      this.bot = resource(botId);
    }
  }

  static String resource(String id) {
    return "{\"id\":" + JsonText.quote(id) + ",\"metadata\":{}}";
  }

  /** @return the participant object; {@code id} is a number, as Recall sends it */
  static String participant(int p) {
    return "{\"id\":" + participantId(p) + ",\"name\":" + JsonText.quote(Identities.name(p)) + ",\"is_host\":"
        + (p == 0) + ",\"platform\":\"desktop\",\"extra_data\":{},\"email\":null}";
  }

  static int participantId(int p) {
    return 100 + p;
  }

  static String timestamp(SendContext ctx) {
    return "{\"relative\":" + JsonText.seconds(ctx.relativeSeconds()) + ",\"absolute\":"
        + JsonText.quote(Instant.ofEpochSecond(0, ctx.epochMicros() * 1000).toString()) + "}";
  }

  /** @return what follows {@code data.data}: the endpoint, the resource, the recording and the bot, then the end */
  private static String tail(Resources r, String endpoint, String resourceKey, String resource) {
    return ",\"realtime_endpoint\":" + endpoint + ",\"" + resourceKey + "\":" + resource + ",\"recording\":"
        + r.recording + ",\"bot\":" + r.bot + "}}";
  }

  private StreamSpec video(BotContext bot, Resources r, String endpoint, int p, String source, long period) {
    SimulatorOptions o = bot.options();
    boolean h264 = "h264".equals(o.video());
    String event = h264 ? "video_separate_h264.data" : "video_separate_png.data";
    byte[] head = JsonText.utf8("{\"event\":\"" + event + "\",\"data\":{\"data\":{\"buffer\":\"");
    String afterTimestamp = ",\"type\":\"" + source + "\",\"participant\":" + participant(p) + "}";
    String participantId = Integer.toString(participantId(p));
    int offset = p * 3 + ("screenshare".equals(source) ? 5 : 0);
    StreamSpec.Factory factory;
    if (h264) {
      H264AccessUnits units = bot.media().h264();
      factory = (index, ctx) -> {
        byte[] unit = units.unit(index);
        ByteBuf payload = Unpooled.wrappedBuffer(head, units.unitBase64(index), JsonText.utf8("\",\"timestamp\":"
            + timestamp(ctx) + afterTimestamp + tail(r, endpoint, "video_separate", r.videoSeparate)));
        return OutMessage.media(true, payload, MediaKind.VIDEO_CHUNK, participantId, source, unit.length);
      };
    } else {
      ImagePool pool = bot.media().png();
      boolean stamp = o.stamp();
      factory = (index, ctx) -> {
        EncodedImage image = pool.get(index + offset);
        ByteBuf buffer = stamp ? image.stampedBase64(ctx.epochMicros()) : Unpooled.wrappedBuffer(image.base64());
        ByteBuf payload = Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(head), buffer,
            Unpooled.wrappedBuffer(JsonText.utf8("\",\"timestamp\":" + timestamp(ctx) + afterTimestamp
                + tail(r, endpoint, "video_separate", r.videoSeparate))));
        return OutMessage.media(true, payload, MediaKind.VIDEO_FRAME, participantId, source,
            stamp ? image.stampedLength() : image.bytes().length);
      };
    }
    return new StreamSpec(source + " " + participantId, period, true, -1, factory);
  }

  private StreamSpec mixedAudio(BotContext bot, Resources r, String endpoint) {
    int ms = bot.options().audioMillis();
    Pcm pcm = bot.media().tone(AUDIO_RATE, ms, 7);
    byte[] head = JsonText.utf8("{\"event\":\"audio_mixed_raw.data\",\"data\":{\"data\":{\"buffer\":\"");
    return new StreamSpec("audio mixed", ms * 1_000_000L, false, -1, (index, ctx) -> {
      ByteBuf payload = Unpooled.wrappedBuffer(head, pcm.base64(), JsonText.utf8("\",\"timestamp\":"
          + timestamp(ctx) + "}" + tail(r, endpoint, "audio_mixed", r.audioMixed)));
      return OutMessage.media(true, payload, MediaKind.AUDIO_CHUNK, MediaEnvelope.MIXED, "", pcm.bytes().length);
    });
  }

  private StreamSpec separateAudio(BotContext bot, Resources r, String endpoint) {
    int ms = bot.options().audioMillis();
    int participants = bot.options().participants();
    byte[] head = JsonText.utf8("{\"event\":\"audio_separate_raw.data\",\"data\":{\"data\":{\"buffer\":\"");
    return new StreamSpec("audio separate", ms * 1_000_000L, false, -1, (index, ctx) -> {
      int p = Identities.speakerAt(ctx.relativeSeconds(), participants);
      Pcm pcm = bot.media().tone(AUDIO_RATE, ms, p);
      ByteBuf payload = Unpooled.wrappedBuffer(head, pcm.base64(), JsonText.utf8("\",\"timestamp\":"
          + timestamp(ctx) + ",\"participant\":" + participant(p) + "}"
          + tail(r, endpoint, "audio_separate", r.audioSeparate)));
      return OutMessage.media(true, payload, MediaKind.AUDIO_CHUNK, Integer.toString(participantId(p)), "",
          pcm.bytes().length);
    });
  }

  private StreamSpec transcripts(Resources r, String endpoint, int participants) {
    return new StreamSpec("transcript", TRANSCRIPT_PERIOD_NANOS, false, TRANSCRIPT_PERIOD_NANOS / 2,
        (index, ctx) -> {
          int p = Identities.speakerAt(ctx.relativeSeconds(), participants);
          StringBuilder words = new StringBuilder("[");
          double start = Math.max(0, ctx.relativeSeconds() - 2.5);
          for (int w = 0; w < 4; w++) {
            String word = WORDS[(int) ((index + w) % WORDS.length)];
            words.append(w == 0 ? "" : ",").append("{\"text\":").append(JsonText.quote(word))
                .append(",\"start_timestamp\":{\"relative\":").append(JsonText.seconds(start + w * 0.5))
                .append("},\"end_timestamp\":")
                .append(w == 3 ? "null" : "{\"relative\":" + JsonText.seconds(start + w * 0.5 + 0.4) + "}")
                .append('}');
          }
          words.append(']');
          String json = "{\"event\":\"transcript.data\",\"data\":{\"data\":{\"words\":" + words + ",\"participant\":"
              + participant(p) + "}" + tail(r, endpoint, "transcript", r.transcript);
          byte[] bytes = JsonText.utf8(json);
          return OutMessage.media(true, Unpooled.wrappedBuffer(bytes), MediaKind.EVENT,
              Integer.toString(participantId(p)), "", bytes.length);
        });
  }

  private static OutMessage participantEvent(Resources r, String endpoint, String event, int p, SendContext ctx) {
    String json = "{\"event\":\"" + event + "\",\"data\":{\"data\":{\"participant\":" + participant(p)
        + ",\"timestamp\":{\"absolute\":" + JsonText.quote(Instant.ofEpochSecond(0, ctx.epochMicros() * 1000)
        .toString()) + ",\"relative\":" + JsonText.seconds(ctx.relativeSeconds()) + "},\"data\":null}"
        + tail(r, endpoint, "participant_events", r.participantEvents);
    byte[] bytes = JsonText.utf8(json);
    return OutMessage.media(true, Unpooled.wrappedBuffer(bytes), MediaKind.EVENT, Integer.toString(participantId(p)),
        "", bytes.length);
  }
}
