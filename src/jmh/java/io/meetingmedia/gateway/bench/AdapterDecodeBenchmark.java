package io.meetingmedia.gateway.bench;

import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.SessionOutput;
import io.meetingmedia.gateway.adapter.VendorAdapter;
import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.meetingmedia.gateway.adapter.VendorSession;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One adapter's parse-and-decode path, {@code VendorSession.onText/onBinary} of one complete message with an output
 * that only builds the envelope, next to the two references the path cannot beat: a plain copy of the same number
 * of bytes ({@code System.arraycopy}) and, for base64 protocols, the JDK's base64 decode of the same payload.
 *
 * <p>Besides ops/s, each benchmark reports the auxiliary counter {@code inputBytes}: bytes of wire message consumed
 * per second; {@code bench/jmh_table.py} turns the JSON result into MB/s. One thread = one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class AdapterDecodeBenchmark {

  @Param({"recall-png-360p-smooth", "recall-png-360p-noisy", "attendee-jpeg-360p", "recall-legacy-720p-noisy",
      "meetstream-fmp4-64k"})
  public String workload;

  private BenchMessages.Case message;
  private byte[] base64Payload;
  private VendorSession session;
  private final CountingOutput output = new CountingOutput();

  /** Wire bytes handed to the code under test, reported by JMH as a rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    public long inputBytes;

    @Setup(Level.Iteration)
    public void reset() {
      inputBytes = 0;
    }
  }

  @Setup
  public void setUp() throws BadMessageException {
    message = BenchMessages.of(workload);
    base64Payload = Base64.getEncoder().encode(message.payload());
    VendorAdapter adapter = VendorRegistry.builtIn().find(message.vendor()).orElseThrow(() ->
        new IllegalStateException("adapter '" + message.vendor() + "' is not in this build; run with -p workload="
            + "<another case>"));
    session = adapter.newSession();
    if (message.hello() != null) {
      session.onText(message.hello(), output);
    }
    if ("meetstream".equals(message.vendor())) {
      session.onBinary(BenchMessages.initSegment(), output);
    }
    // the message must be accepted, not dead-lettered, or the figures would measure the error path
    long before = output.emitted;
    onMessage(message.message().clone());
    if (output.emitted == before) {
      throw new IllegalStateException(workload + ": the adapter emitted nothing for the benchmark message");
    }
  }

  private void onMessage(byte[] bytes) throws BadMessageException {
    if (message.text()) {
      session.onText(bytes, output);
    } else {
      session.onBinary(bytes, output);
    }
  }

  /**
   * The adapter's path. Adapters may keep the array as payload (binary protocols do), so each call gets a message
   * the connection would have assembled afresh; the copy is measured separately in {@link #arraycopy}.
   */
  @Benchmark
  public Object adapter(Counters counters) throws BadMessageException {
    byte[] bytes = message.message();
    onMessage(bytes);
    counters.inputBytes += bytes.length;
    return output.last;
  }

  /** Reference: copying the message once. */
  @Benchmark
  public byte[] arraycopy(Counters counters) {
    byte[] src = message.message();
    byte[] dst = new byte[src.length];
    System.arraycopy(src, 0, dst, 0, src.length);
    counters.inputBytes += src.length;
    return dst;
  }

  /** Reference for base64 protocols: the JDK decoder on the payload's base64 alone (input = base64 bytes). */
  @Benchmark
  public void jdkBase64Decode(Counters counters, Blackhole bh) {
    if (!message.text()) {
      return; // binary protocols carry no base64; reported as 0 bytes/s
    }
    bh.consume(Base64.getDecoder().decode(base64Payload));
    counters.inputBytes += base64Payload.length;
  }

  /** A connection stand-in: pre-filled builders, envelopes built as the connection would, nothing sent. */
  static final class CountingOutput implements SessionOutput {
    long emitted;
    Object last;
    private long seq;

    @Override
    public EnvelopeBuilder envelope() {
      return new EnvelopeBuilder("default", "bench", "connection-1", Instant.now());
    }

    @Override
    public void emit(EnvelopeBuilder envelope) {
      emitted++;
      last = envelope.build("id", seq++);
    }

    @Override
    public void replyText(String text) {
      last = text;
    }

    @Override
    public long receivedAtMillis() {
      return System.currentTimeMillis();
    }
  }
}
