package io.meetingmedia.gateway.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.simulator.media.Fmp4Fixture;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The codecs string is read from real init segments written by ffmpeg: the simulator's MeetStream fixture
 * (ffprobe: H.264 Constrained Baseline level 1.3, AAC LC) and a video-only High profile level 3.0 segment
 * ({@code media/h264-high-640x360-init.mp4}, ftyp+moov of
 * {@code ffmpeg -f lavfi -i testsrc2=size=640x360:rate=25 -t 1 -c:v libx264 -profile:v high -level 3.0
 * -movflags frag_keyframe+empty_moov+default_base_moof}).
 */
class Mp4CodecsTest {

  @Test
  void meetStreamFixtureIsConstrainedBaselineWithAacLc() {
    Buffer init = Buffer.buffer(Fmp4Fixture.load().init());
    // profile_idc 66, constraint_set0+1 (constrained baseline), level_idc 13; AAC audio object type 2 (LC)
    assertEquals(Optional.of("avc1.42C00D,mp4a.40.2"), Mp4Codecs.of(init));
  }

  @Test
  void highProfileVideoOnly() throws IOException {
    // profile_idc 100, no constraint flags, level_idc 30
    assertEquals(Optional.of("avc1.64001E"), Mp4Codecs.of(fixture("h264-high-640x360-init.mp4")));
  }

  @Test
  void aWholeFragmentedFileGivesTheSameAsItsInitSegment() {
    Fmp4Fixture fixture = Fmp4Fixture.load();
    Buffer stream = Buffer.buffer(fixture.init()).appendBytes(fixture.fragment(0)).appendBytes(fixture.fragment(1));
    assertEquals(Mp4Codecs.of(Buffer.buffer(fixture.init())), Mp4Codecs.of(stream));
  }

  @Test
  void truncatedOrForeignBytesNameNoCodecAndNeverReadPastTheEnd() throws IOException {
    Buffer init = fixture("h264-high-640x360-init.mp4");
    for (int cut = 0; cut < init.length(); cut++) {
      Optional<String> codecs = Mp4Codecs.of(init.slice(0, cut));
      assertTrue(codecs.isEmpty(), "a segment cut at " + cut + " of " + init.length() + " names " + codecs);
    }
    assertEquals(Optional.empty(), Mp4Codecs.of(Buffer.buffer("not an mp4 at all, just text", "UTF-8")));
  }

  @Test
  void anAvcCWithoutItsProfileBytesIsSkipped() throws IOException {
    Buffer init = fixture("h264-high-640x360-init.mp4");
    byte[] bytes = init.getBytes();
    int avcC = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("avcC") - 4;
    // shrink the avcC box to its header: the sample entry no longer says which profile it is
    bytes[avcC] = 0;
    bytes[avcC + 1] = 0;
    bytes[avcC + 2] = 0;
    bytes[avcC + 3] = 8;
    assertEquals(Optional.empty(), Mp4Codecs.of(Buffer.buffer(bytes)));
  }

  private static Buffer fixture(String name) throws IOException {
    try (InputStream in = Mp4CodecsTest.class.getResourceAsStream("/media/" + name)) {
      return Buffer.buffer(in.readAllBytes());
    }
  }
}
