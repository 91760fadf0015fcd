package io.meetingmedia.gateway.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meetingmedia.gateway.envelope.MediaKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendLogTest {

  @Test
  void oneLinePerMessageInTheDocumentedColumns() throws Exception {
    assertEquals("send_us,vendor,bot_id,participant_id,source,seq,payload_bytes,kind,wire_bytes", SendLog.COLUMNS);
    assertEquals("1793000000123456,recall,bot-1,100,webcam,7,30324,video_frame,40998",
        SendLog.line(1_793_000_000_123_456L, "recall", "bot-1", "100", "webcam", 7, 30_324, MediaKind.VIDEO_FRAME,
            40_998));
    assertEquals("1,attendee,bot_x,,,0,3200,audio_chunk,4400",
        SendLog.line(1, "attendee", "bot_x", "", "", 0, 3200, MediaKind.AUDIO_CHUNK, 4400),
        "unknown participant and source stay empty");
    assertEquals("1,recall,\"a,b\",\"say \"\"hi\"\"\",,0,1,event,1",
        SendLog.line(1, "recall", "a,b", "say \"hi\"", "", 0, 1, MediaKind.EVENT, 1), "RFC 4180 quoting");
  }

  @Test
  void writesWithoutHeaderFromAnyThread(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/send.csv");
    try (SendLog log = new SendLog(file, "meetstream")) {
      Thread[] threads = new Thread[4];
      for (int t = 0; t < threads.length; t++) {
        int id = t;
        threads[t] = new Thread(() -> {
          for (int i = 0; i < 250; i++) {
            log.write(1000 + i, "bot" + id, "", "", i, 10, MediaKind.VIDEO_CHUNK, 10);
          }
        });
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(1000, lines.size());
    for (String line : lines) {
      assertEquals(9, line.split(",", -1).length, line);
    }
    assertEquals(250, lines.stream().filter(l -> l.contains(",bot2,")).count());
  }
}
