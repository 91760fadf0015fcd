package io.meetingmedia.gateway.simulator.media;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed fragmented-MP4 fixture (320×180 H.264 at 10 fps plus AAC, three 1 s fragments), as MeetStream's
 * recorder would produce it: an initialisation segment ({@code ftyp}+{@code moov}) and {@code moof}+{@code mdat}
 * fragments. To stream longer than the fixture, fragments are replayed with their {@code mfhd} sequence numbers and
 * {@code tfdt} decode times moved forward by one fixture length per loop, so the stream stays monotonic.
 */
public final class Fmp4Fixture {
  /** Facts about the fixture, announced in {@code video_stream_start}. */
  public static final int WIDTH = 320;
  public static final int HEIGHT = 180;
  public static final int FPS = 10;
  public static final int AUDIO_SAMPLE_RATE = 44100;
  public static final String AUDIO_BITRATE = "64k";

  private final byte[] init;
  private final List<Fragment> fragments;
  private final Map<Integer, Long> loopDurations;
  private final double seconds;

  private Fmp4Fixture(byte[] init, List<Fragment> fragments, Map<Integer, Long> loopDurations, double seconds) {
    this.init = init;
    this.fragments = fragments;
    this.loopDurations = loopDurations;
    this.seconds = seconds;
  }

  /** @return the committed fixture */
  public static Fmp4Fixture load() {
    return parse(Fixtures.read("meetstream-320x180-10fps.mp4"), 3.0);
  }

  /**
   * @param file    a fragmented MP4 (ftyp, moov with mvex, then moof+mdat pairs)
   * @param seconds its duration, for rate calculations
   * @return the parsed fixture
   */
  static Fmp4Fixture parse(byte[] file, double seconds) {
    Map<Integer, Long> trexDurations = new HashMap<>();
    int firstMoof = -1;
    List<Integer> moofs = new ArrayList<>();
    int offset = 0;
    while (offset + 8 <= file.length) {
      int size = FrameStamp.readInt(file, offset);
      String type = type(file, offset);
      if (size < 8 || offset + (long) size > file.length) {
        throw new IllegalArgumentException("bad box '" + type + "' at " + offset);
      }
      if ("moov".equals(type)) {
        readTrex(file, offset, size, trexDurations);
      } else if ("moof".equals(type)) {
        moofs.add(offset);
        if (firstMoof < 0) {
          firstMoof = offset;
        }
      }
      offset += size;
    }
    if (firstMoof < 0) {
      throw new IllegalArgumentException("no moof: not a fragmented MP4");
    }
    List<Fragment> fragments = new ArrayList<>();
    for (int i = 0; i < moofs.size(); i++) {
      int start = moofs.get(i);
      int end = i + 1 < moofs.size() ? moofs.get(i + 1) : file.length;
      fragments.add(Fragment.parse(Arrays.copyOfRange(file, start, end), trexDurations));
    }
    Map<Integer, Long> first = new HashMap<>();
    Map<Integer, Long> end = new HashMap<>();
    for (Fragment f : fragments) {
      for (Track t : f.tracks) {
        first.putIfAbsent(t.trackId, t.baseTime);
        end.put(t.trackId, t.baseTime + t.duration);
      }
    }
    Map<Integer, Long> loops = new HashMap<>();
    first.forEach((track, start) -> loops.put(track, end.get(track) - start));
    return new Fmp4Fixture(Arrays.copyOf(file, firstMoof), List.copyOf(fragments), Map.copyOf(loops), seconds);
  }

  private static void readTrex(byte[] b, int moov, int moovSize, Map<Integer, Long> out) {
    int offset = moov + 8;
    while (offset + 8 <= moov + moovSize) {
      int size = FrameStamp.readInt(b, offset);
      if ("mvex".equals(type(b, offset))) {
        int child = offset + 8;
        while (child + 8 <= offset + size) {
          int childSize = FrameStamp.readInt(b, child);
          if ("trex".equals(type(b, child))) {
            out.put(FrameStamp.readInt(b, child + 12), FrameStamp.readInt(b, child + 20) & 0xFFFFFFFFL);
          }
          child += Math.max(8, childSize);
        }
      }
      offset += Math.max(8, size);
    }
  }

  static String type(byte[] b, int offset) {
    return new String(b, offset + 4, 4, StandardCharsets.US_ASCII);
  }

  /** @return the initialisation segment (ftyp + moov); do not modify */
  public byte[] init() {
    return init;
  }

  /** @return how many fragments one pass of the fixture holds */
  public int fragmentCount() {
    return fragments.size();
  }

  /** @return media bytes (fragments) per second of the fixture */
  public double bytesPerSecond() {
    long total = 0;
    for (Fragment f : fragments) {
      total += f.bytes.length;
    }
    return total / seconds;
  }

  /**
   * @param n fragment number since the stream started (0, 1, 2, ... across loops)
   * @return the fragment's bytes, renumbered and re-timed for loops after the first
   */
  public byte[] fragment(long n) {
    Fragment f = fragments.get((int) (n % fragments.size()));
    long loop = n / fragments.size();
    return loop == 0 ? f.bytes : f.shifted(loop, fragments.size(), loopDurations);
  }

  /** @return a reader of the endless stream: init segment, then fragments 0, 1, 2, ... */
  public Cursor cursor() {
    return new Cursor();
  }

  /** Reads the endless stream in pieces of any size, so that chunk boundaries fall anywhere, even inside boxes. */
  public final class Cursor {
    private byte[] current = init;
    private int position;
    private long nextFragment;
    private long consumed;

    /** @return the next {@code n} bytes of the stream */
    public byte[] next(int n) {
      byte[] out = new byte[n];
      int filled = 0;
      while (filled < n) {
        if (position == current.length) {
          current = fragment(nextFragment++);
          position = 0;
        }
        int take = Math.min(n - filled, current.length - position);
        System.arraycopy(current, position, out, filled, take);
        position += take;
        filled += take;
      }
      consumed += n;
      return out;
    }

    /** @return bytes read so far */
    public long consumed() {
      return consumed;
    }
  }

  private static final class Track {
    final int trackId;
    final int tfdtOffset;
    final int tfdtVersion;
    final long baseTime;
    final long duration;

    Track(int trackId, int tfdtOffset, int tfdtVersion, long baseTime, long duration) {
      this.trackId = trackId;
      this.tfdtOffset = tfdtOffset;
      this.tfdtVersion = tfdtVersion;
      this.baseTime = baseTime;
      this.duration = duration;
    }
  }

  private static final class Fragment {
    final byte[] bytes;
    final int mfhdOffset;
    final long sequence;
    final List<Track> tracks;

    Fragment(byte[] bytes, int mfhdOffset, long sequence, List<Track> tracks) {
      this.bytes = bytes;
      this.mfhdOffset = mfhdOffset;
      this.sequence = sequence;
      this.tracks = tracks;
    }

    static Fragment parse(byte[] b, Map<Integer, Long> trexDurations) {
      int moofSize = FrameStamp.readInt(b, 0);
      int mfhd = -1;
      List<Track> tracks = new ArrayList<>();
      int offset = 8;
      while (offset + 8 <= moofSize) {
        int size = FrameStamp.readInt(b, offset);
        String type = type(b, offset);
        if ("mfhd".equals(type)) {
          mfhd = offset;
        } else if ("traf".equals(type)) {
          tracks.add(parseTraf(b, offset, size, trexDurations));
        }
        offset += Math.max(8, size);
      }
      if (mfhd < 0) {
        throw new IllegalArgumentException("moof without mfhd");
      }
      return new Fragment(b, mfhd, FrameStamp.readInt(b, mfhd + 12) & 0xFFFFFFFFL, List.copyOf(tracks));
    }

    private static Track parseTraf(byte[] b, int traf, int trafSize, Map<Integer, Long> trexDurations) {
      int trackId = -1;
      long defaultDuration = -1;
      int tfdtOffset = -1;
      int tfdtVersion = 0;
      long baseTime = 0;
      long duration = 0;
      int offset = traf + 8;
      while (offset + 8 <= traf + trafSize) {
        int size = FrameStamp.readInt(b, offset);
        String type = type(b, offset);
        int flags = FrameStamp.readInt(b, offset + 8) & 0xFFFFFF;
        if ("tfhd".equals(type)) {
          trackId = FrameStamp.readInt(b, offset + 12);
          int p = offset + 16;
          p += (flags & 0x01) != 0 ? 8 : 0;
          p += (flags & 0x02) != 0 ? 4 : 0;
          if ((flags & 0x08) != 0) {
            defaultDuration = FrameStamp.readInt(b, p) & 0xFFFFFFFFL;
          }
        } else if ("tfdt".equals(type)) {
          tfdtOffset = offset + 12;
          tfdtVersion = b[offset + 8];
          baseTime = tfdtVersion == 1 ? readLong(b, tfdtOffset) : FrameStamp.readInt(b, tfdtOffset) & 0xFFFFFFFFL;
        } else if ("trun".equals(type)) {
          long fallback = defaultDuration >= 0 ? defaultDuration : trexDurations.getOrDefault(trackId, 0L);
          duration += trunDuration(b, offset, flags, fallback);
        }
        offset += Math.max(8, size);
      }
      if (tfdtOffset < 0) {
        throw new IllegalArgumentException("traf without tfdt");
      }
      return new Track(trackId, tfdtOffset, tfdtVersion, baseTime, duration);
    }

    private static long trunDuration(byte[] b, int trun, int flags, long fallback) {
      int count = FrameStamp.readInt(b, trun + 12);
      int p = trun + 16;
      p += (flags & 0x01) != 0 ? 4 : 0;
      p += (flags & 0x04) != 0 ? 4 : 0;
      if ((flags & 0x100) == 0) {
        return fallback * count;
      }
      int stride = 4 + ((flags & 0x200) != 0 ? 4 : 0) + ((flags & 0x400) != 0 ? 4 : 0)
          + ((flags & 0x800) != 0 ? 4 : 0);
      long total = 0;
      for (int i = 0; i < count; i++) {
        total += FrameStamp.readInt(b, p + i * stride) & 0xFFFFFFFFL;
      }
      return total;
    }

    byte[] shifted(long loop, int fragmentsPerLoop, Map<Integer, Long> loopDurations) {
      byte[] copy = bytes.clone();
      FrameStamp.writeInt(copy, mfhdOffset + 12, (int) (sequence + loop * fragmentsPerLoop));
      for (Track t : tracks) {
        long time = t.baseTime + loop * loopDurations.getOrDefault(t.trackId, 0L);
        if (t.tfdtVersion == 1) {
          writeLong(copy, t.tfdtOffset, time);
        } else {
          FrameStamp.writeInt(copy, t.tfdtOffset, (int) time);
        }
      }
      return copy;
    }
  }

  static long readLong(byte[] b, int offset) {
    return ((FrameStamp.readInt(b, offset) & 0xFFFFFFFFL) << 32) | (FrameStamp.readInt(b, offset + 4) & 0xFFFFFFFFL);
  }

  static void writeLong(byte[] b, int offset, long v) {
    FrameStamp.writeInt(b, offset, (int) (v >>> 32));
    FrameStamp.writeInt(b, offset + 4, (int) v);
  }
}
