package io.meetingmedia.gateway.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Readiness must not flap on one failed metadata call while the producer keeps delivering. */
class KafkaReachabilityTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final KafkaReachability reachability = new KafkaReachability(null, null, 3000, now::get);

  @Test
  void unknownUntilTheFirstProbeAnswers() {
    assertEquals(KafkaReachability.State.UNKNOWN, reachability.state());
    assertFalse(reachability.isReachable());
    reachability.probeAnswered(true);
    assertTrue(reachability.isReachable());
  }

  @Test
  void oneOrTwoFailedProbesKeepTheGatewayReady() {
    reachability.probeAnswered(true);
    reachability.probeAnswered(false);
    reachability.probeAnswered(false);
    assertEquals(KafkaReachability.State.SUSPECT, reachability.state());
    assertTrue(reachability.isReachable());
    reachability.probeAnswered(false);
    assertEquals(KafkaReachability.State.UNREACHABLE, reachability.state());
    assertFalse(reachability.isReachable());
    reachability.probeAnswered(true);
    assertTrue(reachability.isReachable());
  }

  @Test
  void aRecentAcknowledgementOutweighsFailedProbes() {
    reachability.probeAnswered(true);
    reachability.acknowledged();
    for (int i = 0; i < 5; i++) {
      reachability.probeAnswered(false);
    }
    assertTrue(reachability.isReachable(), "the producer delivered a moment ago");
    now.addAndGet(KafkaReachability.ACK_WINDOW_MILLIS + 1);
    assertFalse(reachability.isReachable(), "no acknowledgement for a while and every probe fails");
    reachability.acknowledged();
    assertTrue(reachability.isReachable());
  }
}
