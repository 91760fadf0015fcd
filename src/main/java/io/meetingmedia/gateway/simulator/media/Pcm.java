package io.meetingmedia.gateway.simulator.media;

import java.util.Base64;

/**
 * A chunk of 16-bit little-endian mono PCM holding a sine tone. The frequency is rounded so that the chunk holds a
 * whole number of periods: the same chunk repeated is a continuous tone, so it is built (and base64-encoded) once.
 */
public final class Pcm {
  private final int sampleRate;
  private final byte[] bytes;
  private final byte[] base64;

  private Pcm(int sampleRate, byte[] bytes) {
    this.sampleRate = sampleRate;
    this.bytes = bytes;
    this.base64 = Base64.getEncoder().encode(bytes);
  }

  /**
   * @param sampleRate samples per second
   * @param chunkMillis chunk duration
   * @param frequency  approximate tone frequency in Hz
   * @return the chunk
   */
  public static Pcm tone(int sampleRate, int chunkMillis, double frequency) {
    int samples = (int) ((long) sampleRate * chunkMillis / 1000);
    if (samples < 1) {
      throw new IllegalArgumentException("audio chunk too short");
    }
    double seconds = samples / (double) sampleRate;
    double cycles = Math.max(1, Math.round(frequency * seconds));
    byte[] pcm = new byte[samples * 2];
    for (int i = 0; i < samples; i++) {
      short s = (short) Math.round(Math.sin(2 * Math.PI * cycles * i / samples) * 8000);
      pcm[2 * i] = (byte) s;
      pcm[2 * i + 1] = (byte) (s >> 8);
    }
    return new Pcm(sampleRate, pcm);
  }

  public int sampleRate() {
    return sampleRate;
  }

  /** @return the PCM bytes; do not modify */
  public byte[] bytes() {
    return bytes;
  }

  /** @return the base64 of the PCM as ASCII bytes; do not modify */
  public byte[] base64() {
    return base64;
  }
}
