package io.meetingmedia.gateway.adapter.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The init-segment tracker against a real ffmpeg fragmented MP4, cut at every possible place. */
class Mp4InitSegmentTrackerTest {
  private static final String FILE = "/fixtures/meetstream/testsrc2-320x180-3s.mp4";
  private static byte[] file;
  private static int moovEnd;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = Mp4InitSegmentTrackerTest.class.getResourceAsStream(FILE)) {
      file = in.readAllBytes();
    }
    moovEnd = endOfMoov(file);
  }

  /** Independent reference: walk the whole file's top-level boxes in memory. */
  private static int endOfMoov(byte[] b) {
    ByteBuffer buf = ByteBuffer.wrap(b);
    int at = 0;
    while (at + 8 <= b.length) {
      long size = buf.getInt(at) & 0xFFFFFFFFL;
      String type = new String(b, at + 4, 4, StandardCharsets.US_ASCII);
      if (size == 1) {
        size = buf.getLong(at + 8);
      }
      at += (int) size;
      if (type.equals("moov")) {
        return at;
      }
    }
    throw new IllegalStateException("no moov in the fixture");
  }

  @Test
  void fixtureIsAFragmentedMp4WithMediaAfterMoov() {
    assertEquals("ftyp", new String(file, 4, 4, StandardCharsets.US_ASCII));
    assertTrue(moovEnd > 100 && moovEnd < file.length / 4, "moov ends at " + moovEnd);
    assertEquals("moof", new String(file, moovEnd + 4, 4, StandardCharsets.US_ASCII));
  }

  @Test
  void wholeFileInOneChunk() {
    Mp4InitSegmentTracker tracker = new Mp4InitSegmentTracker(1 << 20);
    assertArrayEquals(Arrays.copyOf(file, moovEnd), tracker.feed(file));
    assertEquals(Mp4InitSegmentTracker.State.COMPLETE, tracker.state());
    assertNull(tracker.feed(file), "a complete tracker ignores later chunks");
  }

  @Test
  void everySingleCutPointInsideTheInitSegmentAndJustAfterIt() {
    for (int cut = 1; cut < moovEnd + 20; cut++) {
      Mp4InitSegmentTracker tracker = new Mp4InitSegmentTracker(1 << 20);
      byte[] first = tracker.feed(Arrays.copyOfRange(file, 0, cut));
      byte[] second = tracker.feed(Arrays.copyOfRange(file, cut, file.length));
      byte[] segment = cut >= moovEnd ? first : second;
      assertArrayEquals(Arrays.copyOf(file, moovEnd), segment, "cut at " + cut);
      assertNull(cut >= moovEnd ? second : first, "only one segment, cut at " + cut);
    }
  }

  @Test
  void byteByByte() {
    Mp4InitSegmentTracker tracker = new Mp4InitSegmentTracker(1 << 20);
    byte[] segment = null;
    int completedAt = -1;
    for (int i = 0; i < moovEnd + 10; i++) {
      byte[] result = tracker.feed(new byte[] {file[i]});
      if (result != null) {
        segment = result;
        completedAt = i;
      }
    }
    assertEquals(moovEnd - 1, completedAt, "completes with the last byte of moov");
    assertArrayEquals(Arrays.copyOf(file, moovEnd), segment);
  }

  @Test
  void randomChunkings() {
    Random random = new Random(7);
    for (int run = 0; run < 200; run++) {
      Mp4InitSegmentTracker tracker = new Mp4InitSegmentTracker(1 << 20);
      List<byte[]> segments = new ArrayList<>();
      int at = 0;
      while (at < file.length) {
        int end = Math.min(file.length, at + 1 + random.nextInt(run % 2 == 0 ? 64 : 4096));
        byte[] segment = tracker.feed(Arrays.copyOfRange(file, at, end));
        if (segment != null) {
          segments.add(segment);
        }
        at = end;
      }
      assertEquals(1, segments.size(), "run " + run);
      assertArrayEquals(Arrays.copyOf(file, moovEnd), segments.get(0), "run " + run);
    }
  }

  @Test
  void moovBytesInsideAnotherBoxAreNotMistakenForTheBox() {
    // ftyp, then a 'free' box whose payload spells "moov" with a plausible size, then the real moov
    byte[] stream = concat(box("ftyp", "isom\0\0\2\0".getBytes(StandardCharsets.ISO_8859_1)),
        box("free", concat(new byte[] {0, 0, 0, 12}, "moov".getBytes(StandardCharsets.US_ASCII), new byte[4])),
        box("moov", new byte[] {1, 2, 3}), box("moof", new byte[8]));
    Mp4InitSegmentTracker tracker = new Mp4InitSegmentTracker(1 << 20);
    byte[] segment = tracker.feed(stream);
    assertEquals(16 + 20 + 11, segment.length);
    assertArrayEquals(Arrays.copyOf(stream, segment.length), segment);
  }

  @Test
  void moovEndingExactlyAtTheLimitIsAcceptedOneByteMoreIsNot() {
    byte[] ftyp = box("ftyp", new byte[8]);
    int limit = 1024;
    byte[] exact = concat(ftyp, box("moov", new byte[limit - ftyp.length - 8]));
    assertEquals(limit, new Mp4InitSegmentTracker(limit).feed(exact).length);

    Mp4InitSegmentTracker tooLong = new Mp4InitSegmentTracker(limit);
    // only the header arrives: the declared size alone decides, nothing is buffered up to the limit first
    assertNull(tooLong.feed(Arrays.copyOf(concat(ftyp, box("moov", new byte[limit - ftyp.length - 7])), 24)));
    assertEquals(Mp4InitSegmentTracker.State.UNAVAILABLE, tooLong.state());
    assertEquals("no moov box ends within the first 1024 bytes", tooLong.failure());
  }

  @Test
  void manySmallBoxesBeforeMoovHitTheLimit() {
    Mp4InitSegmentTracker tracker = new Mp4InitSegmentTracker(1024);
    assertNull(tracker.feed(box("ftyp", new byte[8])));
    for (int i = 0; i < 200 && tracker.state() == Mp4InitSegmentTracker.State.SCANNING; i++) {
      assertNull(tracker.feed(box("free", new byte[8])));
    }
    assertEquals(Mp4InitSegmentTracker.State.UNAVAILABLE, tracker.state());
    // at most the header of the box that would cross the limit is read past it
    assertTrue(tracker.scannedBytes() <= 1024 + 16, "scanned " + tracker.scannedBytes());
    assertEquals("no moov box ends within the first 1024 bytes", tracker.failure());
  }

  @Test
  void endOfStreamInsideTheInitSegment() {
    Mp4InitSegmentTracker tracker = new Mp4InitSegmentTracker(1 << 20);
    tracker.feed(Arrays.copyOf(file, 100));
    assertTrue(tracker.endOfStream());
    assertEquals("the stream ended after 100 bytes, before a moov box was complete", tracker.failure());
    assertFalse(tracker.endOfStream(), "reported once");
    assertNull(tracker.feed(Arrays.copyOfRange(file, 100, file.length)));
  }

  @Test
  void sixtyFourBitSizeBeyondAnyLimit() {
    byte[] header = concat(box("ftyp", new byte[8]), new byte[] {0, 0, 0, 1},
        "moov".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0x80, 0, 0, 0, 0, 0, 0, 0});
    Mp4InitSegmentTracker tracker = new Mp4InitSegmentTracker(1 << 20);
    assertNull(tracker.feed(header));
    assertEquals(Mp4InitSegmentTracker.State.UNAVAILABLE, tracker.state());
  }

  private static byte[] box(String type, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(8 + body.length);
    b.putInt(8 + body.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(body);
    return b.array();
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(length);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }
}
