package io.meetingmedia.gateway.testing;

import java.io.ByteArrayOutputStream;
import io.meetingmedia.gateway.simulator.blast.ServerFrames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A vendor socket that does only what the test tells it: unlike a WebSocket library it does not answer the gateway's
 * close frame by itself, so a test can keep writing after the gateway's 1001 or 1007 (as a vendor does until it
 * notices) and decide when its own close frame goes out.
 */
public final class RawWebSocket implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Opens the TCP connection and completes the upgrade; fails unless the answer is 101. */
  public static RawWebSocket connect(int port, String path) {
    try {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
          + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      RawWebSocket ws = new RawWebSocket(socket);
      String head = ws.readHead();
      if (!head.startsWith("HTTP/1.1 101")) {
        socket.close();
        throw new IllegalStateException("upgrade refused: " + head);
      }
      return ws;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public RawWebSocket sendText(String text) {
    return write(0x1, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a close frame with a status code (and no reason). */
  public RawWebSocket sendClose(int code) {
    return write(0x8, new byte[] {(byte) (code >> 8), (byte) code});
  }

  /**
   * Reads frames until a close frame arrives, ignoring the others (pings).
   *
   * @return the status code of the close frame, or -1 if the stream ended without one
   */
  public int awaitClose(Duration timeout) {
    try {
      socket.setSoTimeout((int) timeout.toMillis());
      Integer code = ServerFrames.closeCode(in);
      return code == null ? -1 : code;
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no close frame within " + timeout);
    } catch (IOException e) {
      return -1;
    }
  }

  private RawWebSocket write(int opcode, byte[] data) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(data.length + 14);
    frame.write(0x80 | opcode);
    if (data.length < 126) {
      frame.write(0x80 | data.length);
    } else if (data.length < 65536) {
      frame.write(0x80 | 126);
      frame.write(data.length >> 8);
      frame.write(data.length);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) data.length >> shift));
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.writeBytes(mask);
    for (int i = 0; i < data.length; i++) {
      frame.write(data[i] ^ mask[i & 3]);
    }
    try {
      out.write(frame.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during the upgrade");
      }
      head.write(b);
      String text = head.toString(StandardCharsets.US_ASCII);
      if (text.endsWith("\r\n\r\n")) {
        return text;
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
