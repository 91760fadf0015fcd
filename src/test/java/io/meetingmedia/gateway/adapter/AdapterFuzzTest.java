package io.meetingmedia.gateway.adapter;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of every registered adapter: whatever bytes a vendor socket delivers, in whatever order,
 * a session may only emit well-formed envelopes or refuse a message with a {@link BadMessageException}. Any other
 * exception is a crash the gateway would have to catch at runtime and is a finding here. Each input is a sequence
 * of messages for one session of one adapter, so stateful protocols (hello first, init segments) are explored too.
 */
class AdapterFuzzTest {
  private static final List<VendorAdapter> ADAPTERS = new ArrayList<>();

  static {
    VendorRegistry registry = VendorRegistry.builtIn();
    for (String name : registry.names()) {
      ADAPTERS.add(registry.find(name).orElseThrow());
    }
  }

  @FuzzTest(maxDuration = "60s")
  void sessionsOnlyEmitValidEnvelopesOrRefuse(FuzzedDataProvider data) {
    VendorAdapter adapter = ADAPTERS.get(data.consumeInt(0, ADAPTERS.size() - 1));
    VendorSession session = adapter.newSession();
    Recorder out = new Recorder(adapter.name());
    int messages = data.consumeInt(1, 4);
    for (int i = 0; i < messages && data.remainingBytes() > 0; i++) {
      boolean text = data.consumeBoolean();
      byte[] message = i == messages - 1 ? data.consumeRemainingAsBytes() : data.consumeBytes(data.consumeInt(0, 4096));
      try {
        if (text) {
          session.onText(message, out);
        } else {
          session.onBinary(message, out);
        }
      } catch (BadMessageException e) {
        assertNotNull(e.reason());
        assertNotNull(e.getMessage());
      }
    }
    session.onClose(out);
  }

  /** Builds every emitted envelope the way the connection does, which checks every required field. */
  private static final class Recorder implements SessionOutput {
    private final String vendor;
    private long seq;

    Recorder(String vendor) {
      this.vendor = vendor;
    }

    @Override
    public EnvelopeBuilder envelope() {
      return new EnvelopeBuilder("fuzz", vendor, "c1", Instant.EPOCH);
    }

    @Override
    public void emit(EnvelopeBuilder envelope) {
      if (envelope.botId() == null) {
        envelope.botId("unknown");
      }
      MediaEnvelope built = envelope.build("id", seq++);
      for (String name : built.attributes().keySet()) {
        assertTrue(name.matches("[a-z0-9]{1,20}"), "CloudEvents extension name: " + name);
      }
    }

    @Override
    public void replyText(String text) {
      assertNotNull(text);
    }

    @Override
    public long receivedAtMillis() {
      return 0;
    }
  }
}
