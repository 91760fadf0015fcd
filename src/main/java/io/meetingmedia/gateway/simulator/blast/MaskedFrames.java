package io.meetingmedia.gateway.simulator.blast;

import io.meetingmedia.gateway.simulator.protocol.BlastMessages;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Client WebSocket frames (RFC 6455 §5.2), masked once: every message becomes one final frame, and all of a
 * connection's repeated messages are laid out back to back in one array, which the writer then sends in large
 * writes. {@link #ends} gives each frame's end offset, so a writer can stop exactly at a frame boundary.
 */
final class MaskedFrames {
  final byte[] bytes;
  /** End offset (exclusive) of frame i in {@link #bytes}. */
  final int[] ends;
  /** Decoded payload bytes of frame i. */
  final int[] payloads;

  private MaskedFrames(byte[] bytes, int[] ends, int[] payloads) {
    this.bytes = bytes;
    this.ends = ends;
    this.payloads = payloads;
  }

  static MaskedFrames of(List<BlastMessages.Message> messages, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] ends = new int[messages.size()];
    int[] payloads = new int[messages.size()];
    for (int i = 0; i < messages.size(); i++) {
      BlastMessages.Message m = messages.get(i);
      write(out, m.text() ? 0x1 : 0x2, m.data(), random.nextInt());
      ends[i] = out.size();
      payloads[i] = m.payloadBytes();
    }
    return new MaskedFrames(out.toByteArray(), ends, payloads);
  }

  /** @return a masked close frame with status 1000 */
  static byte[] close() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, 0x8, new byte[] {0x03, (byte) 0xE8}, 0x5A5A5A5A);
    return out.toByteArray();
  }

  static void write(ByteArrayOutputStream out, int opcode, byte[] data, int maskKey) {
    out.write(0x80 | opcode);
    int n = data.length;
    if (n < 126) {
      out.write(0x80 | n);
    } else if (n <= 0xFFFF) {
      out.write(0x80 | 126);
      out.write(n >>> 8);
      out.write(n);
    } else {
      out.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) n >>> shift));
      }
    }
    byte[] mask = {(byte) (maskKey >>> 24), (byte) (maskKey >>> 16), (byte) (maskKey >>> 8), (byte) maskKey};
    out.write(mask, 0, 4);
    byte[] masked = new byte[n];
    for (int i = 0; i < n; i++) {
      masked[i] = (byte) (data[i] ^ mask[i & 3]);
    }
    out.write(masked, 0, n);
  }

  int count() {
    return ends.length;
  }

  int start(int frame) {
    return frame == 0 ? 0 : ends[frame - 1];
  }
}
