package io.meetingmedia.gateway.view;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The RFC 6381 {@code codecs} parameter of a fragmented MP4 init segment, as a browser's Media Source Extensions
 * need it to create a {@code SourceBuffer} ({@code video/mp4; codecs="avc1.42C00D,mp4a.40.2"}). A browser refuses
 * a wrong profile or level, and the stream's {@code video_stream_start} only says "h264", so the string is read
 * from the init segment itself: {@code avc1.PPCCLL} from the {@code avcC} box of an {@code avc1}/{@code avc3}
 * sample entry (profile, constraint flags, level), {@code mp4a.40.N} from the {@code esds} of an {@code mp4a}
 * entry (N = the AAC audio object type), one entry per track in {@code moov} order
 * ({@code moov/trak/mdia/minf/stbl/stsd}). Malformed or truncated boxes are skipped, never read past.
 */
final class Mp4Codecs {
  private static final int VISUAL_SAMPLE_ENTRY_HEADER = 78;
  private static final int AUDIO_SAMPLE_ENTRY_HEADER = 28;
  private static final int ES_DESCRIPTOR = 0x03;
  private static final int DECODER_CONFIG_DESCRIPTOR = 0x04;
  private static final int DECODER_SPECIFIC_INFO = 0x05;
  private static final int MPEG4_AUDIO = 0x40;

  private Mp4Codecs() {
  }

  /**
   * @param init an init segment ({@code ftyp} + {@code moov}), or a whole fragmented MP4
   * @return the codecs, comma-separated in track order; empty when no track's codec could be named
   */
  static Optional<String> of(Buffer init) {
    List<String> codecs = new ArrayList<>();
    Box moov = Box.child(init, 0, init.length(), "moov");
    if (moov != null) {
      for (Box trak : Box.children(init, moov.bodyStart, moov.end, "trak")) {
        Box stsd = Box.path(init, trak, "mdia", "minf", "stbl", "stsd");
        if (stsd != null && stsd.bodyStart + 8 <= stsd.end) {
          // full box: version and flags, then entry_count; the first sample entry names the codec
          Box entry = Box.at(init, stsd.bodyStart + 8, stsd.end);
          String codec = entry == null ? null : sampleEntry(init, entry);
          if (codec != null) {
            codecs.add(codec);
          }
        }
      }
    }
    return codecs.isEmpty() ? Optional.empty() : Optional.of(String.join(",", codecs));
  }

  private static String sampleEntry(Buffer b, Box entry) {
    switch (entry.type) {
      case "avc1":
      case "avc3": {
        Box avcC = Box.child(b, entry.bodyStart + VISUAL_SAMPLE_ENTRY_HEADER, entry.end, "avcC");
        if (avcC == null || avcC.bodyStart + 4 > avcC.end) {
          return null;
        }
        // AVCDecoderConfigurationRecord: configurationVersion, AVCProfileIndication, profile_compatibility,
        // AVCLevelIndication
        return String.format(Locale.ROOT, "%s.%02X%02X%02X", entry.type, b.getUnsignedByte(avcC.bodyStart + 1),
            b.getUnsignedByte(avcC.bodyStart + 2), b.getUnsignedByte(avcC.bodyStart + 3));
      }
      case "mp4a": {
        if (entry.bodyStart + AUDIO_SAMPLE_ENTRY_HEADER > entry.end) {
          return null;
        }
        // QuickTime sound sample description versions 1 and 2 carry 16 and 36 more bytes before the children
        int version = b.getUnsignedShort(entry.bodyStart + 8);
        int children = entry.bodyStart + AUDIO_SAMPLE_ENTRY_HEADER + (version == 1 ? 16 : version == 2 ? 36 : 0);
        Box esds = Box.child(b, children, entry.end, "esds");
        return esds == null ? null : esds(b, esds.bodyStart + 4, esds.end);
      }
      default:
        return null;
    }
  }

  /** Reads the ES_Descriptor (ISO/IEC 14496-1 §7.2.6.5) for the object type and the AAC audio object type. */
  private static String esds(Buffer b, int at, int end) {
    Descriptor es = Descriptor.at(b, at, end);
    if (es == null || es.tag != ES_DESCRIPTOR || es.bodyStart + 3 > es.end) {
      return null;
    }
    int flags = b.getUnsignedByte(es.bodyStart + 2);
    int p = es.bodyStart + 3;
    if ((flags & 0x80) != 0) {
      p += 2; // dependsOn_ES_ID
    }
    if ((flags & 0x40) != 0) {
      p += p < es.end ? 1 + b.getUnsignedByte(p) : 0; // URL
    }
    if ((flags & 0x20) != 0) {
      p += 2; // OCR_ES_Id
    }
    Descriptor config = Descriptor.at(b, p, es.end);
    if (config == null || config.tag != DECODER_CONFIG_DESCRIPTOR || config.bodyStart + 13 > config.end) {
      return null;
    }
    int objectType = b.getUnsignedByte(config.bodyStart);
    if (objectType != MPEG4_AUDIO) {
      return String.format(Locale.ROOT, "mp4a.%02X", objectType);
    }
    Descriptor specific = Descriptor.at(b, config.bodyStart + 13, config.end);
    if (specific == null || specific.tag != DECODER_SPECIFIC_INFO || specific.bodyStart + 1 > specific.end) {
      return "mp4a.40";
    }
    // AudioSpecificConfig: 5 bits audioObjectType; 31 escapes to 32 + the next 6 bits
    int first = b.getUnsignedByte(specific.bodyStart);
    int audioObjectType = first >>> 3;
    if (audioObjectType == 31) {
      if (specific.bodyStart + 2 > specific.end) {
        return "mp4a.40";
      }
      audioObjectType = 32 + (((first & 0x07) << 3) | (b.getUnsignedByte(specific.bodyStart + 1) >>> 5));
    }
    return "mp4a.40." + audioObjectType;
  }

  /** An ISO BMFF box: its type, where its body starts and where it ends. */
  private record Box(String type, int bodyStart, int end) {
    /** @return the box starting at {@code at} if its header and size fit before {@code limit} */
    static Box at(Buffer b, int at, int limit) {
      if (at < 0 || at + 8 > limit) {
        return null;
      }
      long size = b.getUnsignedInt(at);
      int header = 8;
      if (size == 1) {
        if (at + 16 > limit) {
          return null;
        }
        size = b.getLong(at + 8);
        header = 16;
      } else if (size == 0) {
        size = limit - at;
      }
      if (size < header || size > limit - at) {
        return null;
      }
      return new Box(b.getString(at + 4, at + 8, "ISO-8859-1"), at + header, (int) (at + size));
    }

    static List<Box> children(Buffer b, int from, int limit, String type) {
      List<Box> found = new ArrayList<>();
      Box box = at(b, from, limit);
      while (box != null) {
        if (box.type.equals(type)) {
          found.add(box);
        }
        box = at(b, box.end, limit);
      }
      return found;
    }

    static Box child(Buffer b, int from, int limit, String type) {
      List<Box> found = children(b, from, limit, type);
      return found.isEmpty() ? null : found.get(0);
    }

    static Box path(Buffer b, Box parent, String... types) {
      Box box = parent;
      for (String type : types) {
        box = child(b, box.bodyStart, box.end, type);
        if (box == null) {
          return null;
        }
      }
      return box;
    }
  }

  /** An MPEG-4 descriptor: tag, then a size in up to four 7-bit groups. */
  private record Descriptor(int tag, int bodyStart, int end) {
    static Descriptor at(Buffer b, int at, int limit) {
      if (at < 0 || at + 2 > limit) {
        return null;
      }
      int tag = b.getUnsignedByte(at);
      int size = 0;
      int p = at + 1;
      for (int i = 0; i < 4; i++) {
        if (p >= limit) {
          return null;
        }
        int c = b.getUnsignedByte(p++);
        size = (size << 7) | (c & 0x7F);
        if ((c & 0x80) == 0) {
          break;
        }
      }
      return size > limit - p ? null : new Descriptor(tag, p, p + size);
    }
  }
}
