package io.meetingmedia.gateway.simulator.blast;

import io.meetingmedia.gateway.simulator.protocol.BlastMessages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A load generator whose own cost per message is close to nothing, so that a benchmark measures the target and not
 * the generator: every connection's frames are built and masked once, laid out back to back, and written again
 * and again with large blocking writes from one plain thread per connection (no event loop, no per-message
 * object). At full speed a connection writes as fast as the target reads (TCP back-pressure blocks the write);
 * with a rate it writes whole frames as they fall due.
 *
 * <p>After the last frame each connection sends a close frame (1000) and waits for the target's close, so every
 * counted frame was handed to the target's socket before the target closed.
 */
public final class Blaster {
  /** A saturated target answers a close only after delivering everything queued ahead of it. */
  private static final long CLOSE_WAIT_MILLIS = 180_000;

  private final BlastOptions options;
  private final BlastMessages messages;

  /**
   * Builds the images and messages (the expensive part, before any connection opens).
   *
   * @param options what to send
   */
  public Blaster(BlastOptions options) {
    this.options = options;
    this.messages = BlastMessages.of(options.vendor(), options.width(), options.height(), options.content(),
        options.pool());
  }

  /** @return mean PNG size in bytes of the frames */
  public long meanImageBytes() {
    return messages.meanImageBytes();
  }

  /**
   * The distinct payloads as Kafka's {@code ProducerPerformance --payload-file} reads them: that tool splits a UTF-8
   * text at a delimiter, so every byte is masked to 7 bits and newlines become spaces; each record keeps exactly
   * the real payload's length, and with {@code compression.type=none} the broker never looks at the bytes.
   *
   * @return the newline-separated payloads
   */
  public byte[] producerPerformancePayloads() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<byte[]> images = messages.images();
    for (int i = 0; i < images.size(); i++) {
      if (i > 0) {
        out.write('\n');
      }
      for (byte b : images.get(i)) {
        int v = b & 0x7F;
        out.write(v == '\n' ? ' ' : v);
      }
    }
    return out.toByteArray();
  }

  /**
   * Connects every connection, sends, closes and waits.
   *
   * @param options what to send
   * @return per-connection counts
   */
  public static BlastResult run(BlastOptions options) throws InterruptedException {
    return new Blaster(options).run();
  }

  /** @return per-connection counts of frames written */
  public BlastResult run() throws InterruptedException {
    int n = options.connections();
    BlastResult.Connection[] results = new BlastResult.Connection[n];
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    AtomicLong firstWrite = new AtomicLong(Long.MAX_VALUE);
    AtomicLong lastWrite = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      int index = c;
      BlastMessages.Script script = messages.script(c, Math.max(1, options.participants()));
      MaskedFrames frames = MaskedFrames.of(script.repeated(), 0x5EED + c);
      MaskedFrames opening = MaskedFrames.of(script.opening(), 0x0BEE + c);
      Thread t = new Thread(() -> results[index] = new Writer(index, script.botId(), opening, frames, ready, go,
          firstWrite, lastWrite).run(), "blast-" + c);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    ready.await();
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    double wall = Math.max(0, lastWrite.get() - firstWrite.get()) / 1e9;
    List<BlastResult.Connection> list = List.of(results);
    double cpu = list.stream().mapToDouble(BlastResult.Connection::cpuSeconds).sum();
    long payload = list.stream().mapToLong(BlastResult.Connection::payloadBytes).sum();
    return new BlastResult(list, wall, cpu, payload);
  }

  /** One connection: its own thread, blocking socket, the pre-built frames. */
  private final class Writer {
    private final int index;
    private final String botId;
    private final MaskedFrames opening;
    private final MaskedFrames frames;
    private final CountDownLatch ready;
    private final CountDownLatch go;
    private final AtomicLong firstWrite;
    private final AtomicLong lastWrite;
    private long written;
    private long payload;
    private long wire;
    private volatile Integer closeCode;

    Writer(int index, String botId, MaskedFrames opening, MaskedFrames frames, CountDownLatch ready,
        CountDownLatch go, AtomicLong firstWrite, AtomicLong lastWrite) {
      this.index = index;
      this.botId = botId;
      this.opening = opening;
      this.frames = frames;
      this.ready = ready;
      this.go = go;
      this.firstWrite = firstWrite;
      this.lastWrite = lastWrite;
    }

    BlastResult.Connection run() {
      String error = null;
      Socket socket = null;
      Thread reader = null;
      boolean counted = false;
      try {
        socket = connect();
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        reader = new Thread(() -> readUntilClose(in), "blast-read-" + index);
        reader.setDaemon(true);
        reader.start();
        ready.countDown();
        counted = true;
        go.await();
        long cpu0 = threadCpu();
        send(out);
        if (options.ending() == BlastOptions.Ending.RESET) {
          socket.setSoLinger(true, 0);
          socket.close();
          return result(threadCpu() - cpu0, null);
        }
        out.write(MaskedFrames.close());
        out.flush();
        reader.join(CLOSE_WAIT_MILLIS);
        if (reader.isAlive()) {
          error = "no close from the target within " + CLOSE_WAIT_MILLIS + " ms";
        }
        return result(threadCpu() - cpu0, error);
      } catch (IOException e) {
        error = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = "interrupted";
      } finally {
        if (!counted) {
          ready.countDown();
        }
        if (socket != null) {
          try {
            socket.close();
          } catch (IOException ignored) {
            // closing anyway
          }
        }
      }
      return result(0, error);
    }

    private BlastResult.Connection result(long cpuNanos, String error) {
      return new BlastResult.Connection(index, botId, written, payload, wire, cpuNanos / 1e9, closeCode, error);
    }

    private Socket connect() throws IOException {
      URI uri = options.target();
      int port = uri.getPort() < 0 ? 80 : uri.getPort();
      Socket socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSendBufferSize(1 << 20);
      socket.connect(new InetSocketAddress(uri.getHost(), port), 10_000);
      byte[] nonce = new byte[16];
      new java.util.Random(index).nextBytes(nonce);
      String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      String request = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + port
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
          + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(10_000);
      String status = readHead(socket.getInputStream());
      socket.setSoTimeout(0);
      if (!status.startsWith("HTTP/1.1 101")) {
        socket.close();
        throw new IOException("upgrade refused: " + status);
      }
      socket.getOutputStream().write(opening.bytes);
      return socket;
    }

    private String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed during the upgrade");
        }
        head.write(b);
        matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
            ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String text = head.toString(StandardCharsets.US_ASCII);
      return text.substring(0, text.indexOf('\r'));
    }

    /** Writes whole frames until the frame limit or the deadline; counts only frames fully handed to the socket. */
    private void send(OutputStream out) throws IOException {
      long limit = options.framesPerConnection() > 0 ? options.framesPerConnection() : Long.MAX_VALUE;
      long start = System.nanoTime();
      firstWrite.accumulateAndGet(start, Math::min);
      long deadline = options.seconds() > 0 ? start + (long) (options.seconds() * 1e9) : Long.MAX_VALUE;
      double perConnection = options.messagesPerSecond() / options.connections();
      long periodNanos = perConnection > 0 ? (long) (1e9 / perConnection) : 0;
      int count = frames.count();
      int next = 0;
      while (written < limit && closeCode == null) {
        long now = System.nanoTime();
        if (now >= deadline) {
          break;
        }
        int last;
        if (periodNanos > 0) {
          long due = start + written * periodNanos;
          if (due > now) {
            LockSupport.parkNanos(Math.min(due - now, deadline - now));
            continue;
          }
          // every frame that is due, up to the end of the layout: still one write
          long dueFrames = Math.min((now - start) / periodNanos + 1 - written, limit - written);
          last = (int) Math.min(count - 1, next + dueFrames - 1);
        } else {
          // whole frames up to writeBytes (at least one), never past the layout's end or the limit
          last = next;
          int from = frames.start(next);
          while (last + 1 < count && frames.ends[last + 1] - from <= options.writeBytes()
              && written + (last + 1 - next) + 1 <= limit) {
            last++;
          }
        }
        int from = frames.start(next);
        int len = frames.ends[last] - from;
        out.write(frames.bytes, from, len);
        wire += len;
        for (int f = next; f <= last; f++) {
          payload += frames.payloads[f];
        }
        written += last - next + 1;
        next = last + 1 == count ? 0 : last + 1;
        lastWrite.accumulateAndGet(System.nanoTime(), Math::max);
      }
    }

    /** Discards what the target sends (pings, pongs) until its close frame or the end of the stream. */
    private void readUntilClose(InputStream in) {
      try {
        closeCode = ServerFrames.closeCode(in);
      } catch (IOException e) {
        // the stream ended without a close frame: closeCode stays null
      }
    }
  }

  private static long threadCpu() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : 0;
  }
}
