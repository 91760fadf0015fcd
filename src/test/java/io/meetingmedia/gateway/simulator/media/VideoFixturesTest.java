package io.meetingmedia.gateway.simulator.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.adapter.media.MediaSniffer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class VideoFixturesTest {

  private static List<Integer> nalTypes(byte[] unit) {
    List<Integer> types = new ArrayList<>();
    for (int i = 0; i + 3 < unit.length; i++) {
      if (unit[i] == 0 && unit[i + 1] == 0 && unit[i + 2] == 1) {
        types.add(unit[i + 3] & 0x1F);
        i += 2;
      }
    }
    return types;
  }

  @Test
  void h264FixtureSplitsIntoAnnexBAccessUnitsWithoutDelimiters() {
    H264AccessUnits units = H264AccessUnits.load();
    assertEquals(30, units.size(), "3 s at 10 fps");
    for (int i = 0; i < units.size(); i++) {
      byte[] unit = units.unit(i);
      assertTrue(MediaSniffer.isAnnexB(unit), "unit " + i + " starts with a start code");
      List<Integer> types = nalTypes(unit);
      assertFalse(types.contains(9), "no access-unit delimiter in unit " + i);
      assertEquals(i % 10 == 0, MediaSniffer.isH264Keyframe(unit), "IDR every 10 frames, unit " + i);
      if (i % 10 == 0) {
        assertEquals(List.of(7, 8), types.subList(0, 2), "keyframes carry SPS and PPS first");
      }
      assertArrayEquals(Base64.getEncoder().encode(unit), units.unitBase64(i));
    }
    assertArrayEquals(units.unit(0), units.unit(30), "loops back to the first IDR");
  }

  @Test
  void splitCutsAtDelimitersAndDropsThem() {
    byte[] stream = {0, 0, 0, 1, 9, (byte) 0xF0, 0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x65, 3,
        0, 0, 0, 1, 9, (byte) 0xF0, 0, 0, 1, 0x41, 4, 5};
    List<byte[]> units = H264AccessUnits.split(stream);
    assertEquals(2, units.size());
    assertArrayEquals(new byte[] {0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x65, 3}, units.get(0));
    assertArrayEquals(new byte[] {0, 0, 1, 0x41, 4, 5}, units.get(1));
  }

  @Test
  void fmp4FixtureIsInitThenFragments() {
    Fmp4Fixture fixture = Fmp4Fixture.load();
    byte[] init = fixture.init();
    assertEquals("ftyp", Fmp4Fixture.type(init, 0));
    int moov = FrameStamp.readInt(init, 0);
    assertEquals("moov", Fmp4Fixture.type(init, moov));
    assertEquals(init.length, moov + FrameStamp.readInt(init, moov), "init = ftyp + moov");
    assertEquals(3, fixture.fragmentCount());
    for (int i = 0; i < 6; i++) {
      byte[] fragment = fixture.fragment(i);
      assertEquals("moof", Fmp4Fixture.type(fragment, 0));
      int moofSize = FrameStamp.readInt(fragment, 0);
      assertEquals("mdat", Fmp4Fixture.type(fragment, moofSize));
      assertEquals(fragment.length, moofSize + FrameStamp.readInt(fragment, moofSize), "moof + mdat");
    }
    assertTrue(fixture.bytesPerSecond() > 20_000 && fixture.bytesPerSecond() < 100_000);
  }

  /** Reads {@code [sequence, tfdt of track 1, tfdt of track 2]} of a fragment by walking its boxes. */
  private static long[] times(byte[] fragment) {
    long[] out = new long[3];
    int moofSize = FrameStamp.readInt(fragment, 0);
    int traf = 0;
    for (int o = 8; o < moofSize; ) {
      int size = FrameStamp.readInt(fragment, o);
      String type = Fmp4Fixture.type(fragment, o);
      if ("mfhd".equals(type)) {
        out[0] = FrameStamp.readInt(fragment, o + 12);
      } else if ("traf".equals(type)) {
        for (int c = o + 8; c < o + size; ) {
          int childSize = FrameStamp.readInt(fragment, c);
          if ("tfdt".equals(Fmp4Fixture.type(fragment, c))) {
            out[1 + traf] = fragment[c + 8] == 1 ? Fmp4Fixture.readLong(fragment, c + 12)
                : FrameStamp.readInt(fragment, c + 12) & 0xFFFFFFFFL;
          }
          c += childSize;
        }
        traf++;
      }
      o += size;
    }
    return out;
  }

  @Test
  void loopedFragmentsKeepSequenceNumbersAndDecodeTimesIncreasing() {
    Fmp4Fixture fixture = Fmp4Fixture.load();
    long[] previous = times(fixture.fragment(0));
    for (int i = 1; i < 9; i++) {
      long[] t = times(fixture.fragment(i));
      assertEquals(previous[0] + 1, t[0], "mfhd sequence of fragment " + i);
      assertTrue(t[1] > previous[1] && t[2] > previous[2], "tfdt increases at fragment " + i);
      previous = t;
    }
    long[] first = times(fixture.fragment(0));
    long[] secondLoop = times(fixture.fragment(3));
    long[] secondOfFirstLoop = times(fixture.fragment(1));
    long[] secondOfSecondLoop = times(fixture.fragment(4));
    assertEquals(secondLoop[1] - first[1], secondOfSecondLoop[1] - secondOfFirstLoop[1], "constant loop shift");
    assertNotEquals(0, secondLoop[1] - first[1]);
    // only the numbering and timing differ; the media payload is the same
    assertEquals(fixture.fragment(0).length, fixture.fragment(3).length);
  }

  @Test
  void cursorReadsTheEndlessStreamAtAnyBoundary() throws Exception {
    Fmp4Fixture fixture = Fmp4Fixture.load();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(fixture.init());
    for (int i = 0; i < 5; i++) {
      expected.write(fixture.fragment(i));
    }
    Fmp4Fixture.Cursor cursor = fixture.cursor();
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    int[] sizes = {7, 1, 600, 50_000, 3, 12_345};
    int k = 0;
    while (read.size() < expected.size()) {
      int n = Math.min(sizes[k++ % sizes.length], expected.size() - read.size());
      read.write(cursor.next(n));
    }
    assertArrayEquals(expected.toByteArray(), read.toByteArray());
    assertEquals(expected.size(), cursor.consumed());
  }

  @Test
  void pcmToneRepeatsSeamlessly() {
    Pcm pcm = Pcm.tone(16_000, 100, 440);
    assertEquals(3200, pcm.bytes().length, "100 ms of 16 kHz 16-bit mono");
    assertEquals(0, pcm.bytes()[0]);
    assertEquals(0, pcm.bytes()[1], "starts at zero");
    short last = (short) ((pcm.bytes()[3198] & 0xFF) | (pcm.bytes()[3199] << 8));
    short second = (short) ((pcm.bytes()[2] & 0xFF) | (pcm.bytes()[3] << 8));
    assertEquals(-second, last, 1, "the last sample leads back into the first: a whole number of periods");
    assertArrayEquals(Base64.getEncoder().encode(pcm.bytes()), pcm.base64());
    assertEquals(9600, Pcm.tone(48_000, 100, 440).bytes().length);
  }
}
