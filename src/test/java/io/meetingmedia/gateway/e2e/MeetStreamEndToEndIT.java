package io.meetingmedia.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TopicReader;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * MeetStream live video from a real WebSocket client: a real ffmpeg fMP4 file cut into chunks that ignore box
 * boundaries, with latency pings in between. Checks what the bot receives (the pongs) and what a consumer reads
 * from Kafka (the file, byte for byte, and its init segment).
 */
@WithKafka
class MeetStreamEndToEndIT {
  private static final String BOT = "bot-ms-e2e";
  private static final Duration WAIT = Duration.ofSeconds(30);

  static byte[] fmp4() throws IOException {
    try (InputStream in = MeetStreamEndToEndIT.class.getResourceAsStream(
        "/fixtures/meetstream/testsrc2-320x180-3s.mp4")) {
      return in.readAllBytes();
    }
  }

  /** The end of the moov box, found by walking the whole file's top-level boxes (independent of the gateway). */
  static int endOfMoov(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file);
    int at = 0;
    while (at + 8 <= file.length) {
      int size = b.getInt(at);
      String type = new String(file, at + 4, 4, StandardCharsets.US_ASCII);
      at += size;
      if (type.equals("moov")) {
        return at;
      }
    }
    throw new IllegalStateException("no moov");
  }

  /** Cut points: inside ftyp, inside the moov header, inside moov, across its end, then uneven sizes. */
  static List<int[]> chunks(int length) {
    List<int[]> chunks = new ArrayList<>();
    int[] cuts = {0, 20, 31, 700, 1300};
    for (int i = 0; i + 1 < cuts.length; i++) {
      chunks.add(new int[] {cuts[i], cuts[i + 1]});
    }
    int at = 1300;
    int step = 1;
    while (at < length) {
      int end = Math.min(length, at + 997 * step);
      chunks.add(new int[] {at, end});
      at = end;
      step = step % 7 + 1;
    }
    return chunks;
  }

  @Test
  void streamPongsInitSegmentAndByteIdenticalFile(KafkaCluster kafka) throws Exception {
    byte[] file = fmp4();
    int moovEnd = endOfMoov(file);
    List<int[]> chunks = chunks(file.length);
    int pings = 0;
    String firstConnection;
    try (TestGateway gw = TestGateway.start(kafka)) {
      try (WsClient bot = WsClient.connect(gw.ingestPort(), "/ingest/meetstream?token=s3cret")) {
        // a chunk before video_stream_start is kept, not dropped
        bot.sendBinary(Arrays.copyOfRange(file, chunks.get(0)[0], chunks.get(0)[1]));
        bot.sendText(new JsonObject().put("type", "video_stream_start").put("bot_id", BOT).put("codec", "h264")
            .put("audio_codec", "aac").put("container", "fmp4").put("width", 320).put("height", 180)
            .put("framerate", 10).put("audio_sample_rate", 44100).put("audio_bitrate", "32k").encode());
        for (int i = 1; i < chunks.size(); i++) {
          bot.sendBinary(Arrays.copyOfRange(file, chunks.get(i)[0], chunks.get(i)[1]));
          if (i % 3 == 0) {
            pingAndCheckPong(bot, 100 + i, i % 2 == 0);
            pings++;
          }
        }
        bot.sendText("{\"type\":\"video_stream_end\",\"bot_id\":\"" + BOT + "\",\"duration_seconds\":3.0}");
      }

      try (TopicReader reader = new TopicReader(kafka, gw.topics().videoFmp4())) {
        List<ConsumerRecord<String, byte[]>> records = reader.readUntil(
            all -> all.stream().mapToLong(r -> r.value().length).sum() >= file.length, WAIT);
        assertEquals(chunks.size(), records.size(), "one record per chunk");
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        long offset = 0;
        for (int i = 0; i < records.size(); i++) {
          ConsumerRecord<String, byte[]> r = records.get(i);
          assertEquals(BOT + ":mixed", r.key());
          assertEquals(String.valueOf(i), TopicReader.header(r, "ce_seq"));
          assertEquals(String.valueOf(offset), TopicReader.header(r, "ce_byteoffset"));
          assertEquals("video/mp4", TopicReader.header(r, "content-type"));
          assertEquals("meeting.video.fmp4.chunk", TopicReader.header(r, "ce_type"));
          offset += r.value().length;
          joined.write(r.value());
        }
        assertArrayEquals(file, joined.toByteArray(), "the records of the key, appended, are the file");
        firstConnection = TopicReader.header(records.get(0), "ce_connectionid");
        ffprobeAccepts(joined.toByteArray());
      }

      try (TopicReader reader = new TopicReader(kafka, gw.topics().videoFmp4Init())) {
        ConsumerRecord<String, byte[]> init = reader.readAtLeast(1, WAIT).get(0);
        assertEquals(BOT, init.key(), "the compacted init topic is keyed by bot");
        assertArrayEquals(Arrays.copyOf(file, moovEnd), init.value(), "init segment = bytes up to the end of moov");
        assertEquals("meeting.video.fmp4.init", TopicReader.header(init, "ce_type"));
        assertEquals("video/mp4", TopicReader.header(init, "content-type"));
        assertEquals("h264", TopicReader.header(init, "ce_codec"));
        assertEquals("320", TopicReader.header(init, "ce_width"));
      }

      int expectedEvents = pings + 2;
      try (TopicReader reader = new TopicReader(kafka, gw.topics().events())) {
        // the gateway's own connection lifecycle events share the topic; the stream's events keep their order
        List<ConsumerRecord<String, byte[]>> events = reader.readUntil(all -> all.stream()
            .filter(r -> TopicReader.header(r, "ce_type").startsWith("meeting.stream.")).count() >= expectedEvents,
            WAIT).stream().filter(r -> TopicReader.header(r, "ce_type").startsWith("meeting.stream.")).toList();
        List<String> types = events.stream().map(r -> TopicReader.header(r, "ce_type")).toList();
        assertEquals("meeting.stream.started", types.get(0));
        assertEquals("meeting.stream.ended", types.get(types.size() - 1));
        assertEquals(pings, types.stream().filter("meeting.stream.latency"::equals).count());
        JsonObject started = new JsonObject(new String(events.get(0).value(), StandardCharsets.UTF_8));
        assertEquals(BOT, started.getString("botId"));
        assertEquals(320, started.getJsonObject("data").getInteger("width"));
        assertEquals(32000, started.getJsonObject("data").getInteger("audioBitrateBps"));
        JsonObject ended = new JsonObject(new String(events.get(events.size() - 1).value(), StandardCharsets.UTF_8));
        assertEquals(3.0, ended.getJsonObject("data").getDouble("durationSeconds"));
        assertEquals(file.length, ended.getJsonObject("data").getInteger("streamBytes"));
        for (ConsumerRecord<String, byte[]> r : events) {
          assertEquals(BOT + ":mixed", r.key());
          r.headers().forEach(h -> assertTrue(!new String(h.value(), StandardCharsets.UTF_8).contains("s3cret"),
              "token leaked into " + h.key()));
        }
      }

      // a reconnect is a new stream: a new init segment under the same bot key, chunks counted from 0 again
      try (WsClient again = WsClient.connect(gw.ingestPort(), "/ingest/meetstream")) {
        again.sendText("{\"type\":\"video_stream_start\",\"bot_id\":\"" + BOT + "\"}");
        again.sendBinary(file);
      }
      try (TopicReader reader = new TopicReader(kafka, gw.topics().videoFmp4Init())) {
        List<ConsumerRecord<String, byte[]>> inits = reader.readAtLeast(2, WAIT);
        assertEquals(BOT, inits.get(1).key());
        assertArrayEquals(Arrays.copyOf(file, moovEnd), inits.get(1).value());
        assertNotEquals(firstConnection, TopicReader.header(inits.get(1), "ce_connectionid"));
      }
      try (TopicReader reader = new TopicReader(kafka, gw.topics().videoFmp4())) {
        ConsumerRecord<String, byte[]> last = reader.readAtLeast(chunks.size() + 1, WAIT).get(chunks.size());
        assertEquals("0", TopicReader.header(last, "ce_seq"));
        assertEquals("0", TopicReader.header(last, "ce_byteoffset"));
        assertArrayEquals(file, last.value());
      }
    }
  }

  private static void pingAndCheckPong(WsClient bot, int seq, boolean withBotId) {
    long sentAt = System.currentTimeMillis();
    String ping = "{\"type\":\"video_latency_ping\"," + (withBotId ? "\"bot_id\":\"" + BOT + "\"," : "")
        + "\"seq\":" + seq + ",\"sent_at_ms\":" + sentAt + "}";
    bot.sendText(ping);
    String text = bot.nextText(Duration.ofSeconds(10));
    long answeredBy = System.currentTimeMillis();
    JsonObject pong = new JsonObject(text);
    assertEquals("video_latency_pong", pong.getString("type"), text);
    assertTrue(text.contains("\"seq\":" + seq + ","), "seq echoed as the same number: " + text);
    assertTrue(text.contains("\"sent_at_ms\":" + sentAt + ","), "sent_at_ms echoed as the same number: " + text);
    assertEquals(BOT, pong.getString("bot_id"), "bot id from the ping, or else from video_stream_start");
    long received = pong.getLong("server_received_at_ms");
    assertTrue(received >= sentAt && received <= answeredBy, "server_received_at_ms " + received + " within ["
        + sentAt + ", " + answeredBy + "]");
  }

  /** Where ffprobe is installed, the reassembled bytes must be a valid H.264 + AAC MP4 to it. */
  private static void ffprobeAccepts(byte[] mp4) {
    Path ffprobe = findOnPath("ffprobe");
    Assumptions.assumingThat(ffprobe != null, () -> {
      Path out = Files.createTempFile("meetstream-e2e", ".mp4");
      try {
        Files.write(out, mp4);
        // -v error: any diagnostic (e.g. "partial file") shows up as an extra line
        Process p = new ProcessBuilder(ffprobe.toString(), "-v", "error", "-count_frames", "-show_entries",
            "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", out.toString())
            .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ffprobe finished");
        assertEquals(0, p.exitValue(), output);
        List<String> lines = output.lines().toList();
        assertEquals(2, lines.size(), output);
        assertEquals("h264,320,180,30", lines.get(0), "3 s at 10 fps, all frames readable: " + output);
        assertTrue(lines.get(1).startsWith("aac,"), output);
      } finally {
        Files.deleteIfExists(out);
      }
    });
  }

  private static Path findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
