package io.meetingmedia.gateway.simulator.protocol;

import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.simulator.SimulatorOptions;
import io.meetingmedia.gateway.simulator.engine.ConnectionScript;
import io.meetingmedia.gateway.simulator.engine.OutMessage;
import io.meetingmedia.gateway.simulator.engine.StreamSpec;
import io.meetingmedia.gateway.simulator.media.Pcm;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * MeetStream live audio (protocols.md §5.1): text {@code {"type":"ready",...}}, then binary frames of
 * {@code 0x01}, {@code u16le} speaker-id length, speaker id, {@code u16le} speaker-name length, speaker name (UTF-8),
 * and 48 kHz mono s16le PCM. The audio is the meeting mix, attributed to whoever speaks: speakers take turns of 3 s.
 * The close (1000) ends the stream. {@code --frames} counts audio chunks here.
 */
public final class MeetStreamAudioProtocol implements VendorProtocol {
  /** MeetStream's fixed PCM rate. */
  public static final int SAMPLE_RATE = 48_000;
  /** The message type byte of a PCM frame. */
  public static final int MSG_PCM = 0x01;

  @Override
  public String name() {
    return "meetstream-audio";
  }

  @Override
  public Set<String> options() {
    return Set.of("participants", "audio-ms");
  }

  @Override
  public double defaultFps(SimulatorOptions options) {
    return 1000.0 / options.audioMillis();
  }

  @Override
  public String botId(String runTag, int index) {
    return Identities.numberedBotId(runTag, index);
  }

  static String speakerId(String botId, int p) {
    return Identities.uuid("meetstream-speaker", botId, Integer.toString(p));
  }

  @Override
  public List<ConnectionScript> connections(BotContext bot) {
    SimulatorOptions o = bot.options();
    String botId = botId(bot.runTag(), bot.index());
    int ms = o.audioMillis();
    int participants = o.participants();
    byte[][] headers = new byte[participants][];
    for (int p = 0; p < participants; p++) {
      headers[p] = header(speakerId(botId, p), Identities.name(p));
    }
    BasicScript script = new BasicScript(botId, "bot " + bot.index() + " conn 0");
    script.onOpen(ctx -> OutMessage.controlText("{\"type\":\"ready\",\"bot_id\":" + JsonText.quote(botId)
        + ",\"message\":\"Ready to receive messages\"}"));
    script.stream(new StreamSpec("audio", ms * 1_000_000L, true, -1, (index, ctx) -> {
      int p = Identities.speakerAt(ctx.relativeSeconds(), participants);
      Pcm pcm = bot.media().tone(SAMPLE_RATE, ms, p);
      ByteBuf payload = Unpooled.wrappedBuffer(headers[p], pcm.bytes());
      return OutMessage.media(false, payload, MediaKind.AUDIO_CHUNK, speakerId(botId, p), "", pcm.bytes().length);
    }));
    return List.of(script);
  }

  /** @return the frame header before the PCM: type, then the length-prefixed (u16le) speaker id and name */
  static byte[] header(String speakerId, String speakerName) {
    byte[] id = speakerId.getBytes(StandardCharsets.UTF_8);
    byte[] name = speakerName.getBytes(StandardCharsets.UTF_8);
    ByteBuf b = Unpooled.buffer(5 + id.length + name.length);
    b.writeByte(MSG_PCM).writeShortLE(id.length).writeBytes(id).writeShortLE(name.length).writeBytes(name);
    return b.array();
  }
}
