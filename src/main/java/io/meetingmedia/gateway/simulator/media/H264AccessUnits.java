package io.meetingmedia.gateway.simulator.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The committed H.264 fixture (3 s of 320×180 at 10 fps, baseline, an IDR with SPS/PPS every 10 frames) cut into
 * Annex-B access units, one per Recall {@code video_separate_h264.data} buffer as Recall's sample reads them. The
 * fixture carries access-unit delimiters so the cut is exact; the delimiters themselves are dropped, so every unit
 * starts with the start code of its SPS (keyframes) or slice. The first unit is an IDR, so looping is seamless.
 */
public final class H264AccessUnits {
  /** The fixture's frame size and rate. */
  public static final int WIDTH = 320;
  public static final int HEIGHT = 180;
  public static final int FPS = 10;
  private static final int NAL_AUD = 9;

  private final List<byte[]> units;
  private final List<byte[]> base64;

  private H264AccessUnits(List<byte[]> units) {
    this.units = List.copyOf(units);
    List<byte[]> encoded = new ArrayList<>();
    for (byte[] unit : units) {
      encoded.add(Base64.getEncoder().encode(unit));
    }
    this.base64 = List.copyOf(encoded);
  }

  /** @return the access units of the committed fixture */
  public static H264AccessUnits load() {
    return new H264AccessUnits(split(Fixtures.read("h264-320x180-10fps.h264")));
  }

  /**
   * Cuts an Annex-B stream at its access-unit delimiters and drops them.
   *
   * @param stream Annex-B bytes in which every access unit starts with an AUD NAL unit
   * @return the access units
   */
  static List<byte[]> split(byte[] stream) {
    List<int[]> nals = new ArrayList<>(); // {start of start code, start of NAL header}
    for (int i = 0; i + 3 <= stream.length; i++) {
      if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
        int codeStart = i > 0 && stream[i - 1] == 0 ? i - 1 : i;
        nals.add(new int[] {codeStart, i + 3});
        i += 2;
      }
    }
    List<byte[]> units = new ArrayList<>();
    int unitStart = -1;
    for (int n = 0; n < nals.size(); n++) {
      int type = stream[nals.get(n)[1]] & 0x1F;
      if (type == NAL_AUD) {
        if (unitStart >= 0) {
          units.add(Arrays.copyOfRange(stream, unitStart, nals.get(n)[0]));
        }
        unitStart = n + 1 < nals.size() ? nals.get(n + 1)[0] : stream.length;
      }
    }
    if (unitStart >= 0 && unitStart < stream.length) {
      units.add(Arrays.copyOfRange(stream, unitStart, stream.length));
    }
    if (units.isEmpty()) {
      throw new IllegalArgumentException("no access-unit delimiters in the H.264 fixture");
    }
    return units;
  }

  /** @return access unit {@code index} modulo the number of units */
  public byte[] unit(long index) {
    return units.get((int) Math.floorMod(index, (long) units.size()));
  }

  /** @return the base64 (ASCII bytes) of access unit {@code index} modulo the number of units */
  public byte[] unitBase64(long index) {
    return base64.get((int) Math.floorMod(index, (long) base64.size()));
  }

  public int size() {
    return units.size();
  }
}
