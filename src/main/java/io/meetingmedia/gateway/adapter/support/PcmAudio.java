package io.meetingmedia.gateway.adapter.support;

import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;

/**
 * Describes raw signed 16-bit little-endian PCM the same way for every vendor. There is no IANA media type for
 * little-endian PCM: {@code audio/L16} (RFC 2586, RFC 3551) is big-endian by definition, so labelling these bytes
 * with it would make a standards-following consumer play noise. The gateway uses
 * {@code audio/pcm;rate=<hz>;channels=<n>;encoding=s16le}, and repeats the three parameters as the
 * {@code samplerate}, {@code channels} and {@code encoding} attributes so consumers can filter on headers without
 * parsing the MIME string.
 */
public final class PcmAudio {
  /** Sample encoding: signed 16-bit, little-endian. */
  public static final String ENCODING = "s16le";
  private static final int BYTES_PER_SAMPLE = 2;

  private PcmAudio() {
  }

  /** @return the content type of s16le PCM at this rate and channel count */
  public static String contentType(int sampleRate, int channels) {
    return "audio/pcm;rate=" + sampleRate + ";channels=" + channels + ";encoding=" + ENCODING;
  }

  /**
   * Sets the content type and the format attributes of an audio envelope.
   *
   * @return the same builder
   */
  public static EnvelopeBuilder describe(EnvelopeBuilder envelope, int sampleRate, int channels) {
    return envelope.contentType(contentType(sampleRate, channels))
        .attribute("samplerate", sampleRate)
        .attribute("channels", channels)
        .attribute("encoding", ENCODING);
  }

  /**
   * Refuses PCM that is not a whole number of sample frames: a torn sample shifts every later sample by a byte
   * and turns the rest of the stream into noise.
   *
   * @throws BadMessageException {@code magic_mismatch} naming the field
   */
  public static void requireWholeSamples(byte[] pcm, int channels, String path) throws BadMessageException {
    int frame = BYTES_PER_SAMPLE * channels;
    if (pcm.length % frame != 0) {
      throw new BadMessageException(BadMessageReason.MAGIC_MISMATCH, "'" + path + "' holds " + pcm.length
          + " bytes, not a whole number of " + frame + "-byte 16-bit PCM sample frames");
    }
  }
}
