package io.meetingmedia.gateway.simulator.blast;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads what a WebSocket server sends to a raw client that only cares how the server closes: frames (pings, pongs,
 * anything) are skipped until the close frame. A raw client needs this because it answers nothing itself, which is
 * how the load generator stays cheap and how tests hold a close unanswered.
 */
public final class ServerFrames {
  private ServerFrames() {
  }

  /**
   * @return the status code of the server's close frame (1005 when it has none), or {@code null} if the stream ended
   *     without a close frame
   * @throws IOException as the stream throws it (a read timeout, a reset)
   */
  public static Integer closeCode(InputStream in) throws IOException {
    while (true) {
      int b0 = in.read();
      int b1 = in.read();
      if (b0 < 0 || b1 < 0) {
        return null;
      }
      long len = b1 & 0x7F;
      if (len == 126) {
        len = (in.read() << 8) | in.read();
      } else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++) {
          len = (len << 8) | in.read();
        }
      }
      byte[] body = in.readNBytes((int) len);
      if ((b0 & 0x0F) == 0x8) {
        return body.length >= 2 ? ((body[0] & 0xFF) << 8) | (body[1] & 0xFF) : 1005;
      }
    }
  }
}
