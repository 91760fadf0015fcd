package io.meetingmedia.gateway.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HistogramTest {

  @Test
  void bucketsInvertAndQuantilesStayWithinTenPercent() {
    for (long v = 0; v < 5_000_000; v = v * 2 + 1) {
      int b = Histogram.bucket(v);
      assertTrue(Histogram.lowerBound(b) <= v && v < Histogram.lowerBound(b + 1), "value " + v);
    }
    Histogram h = new Histogram();
    for (int i = 1; i <= 1000; i++) {
      h.record(i * 1000L);
    }
    h.record(-5);
    assertEquals(1001, h.count());
    assertEquals(1_000_000, h.max());
    long p50 = h.quantile(0.5);
    assertTrue(p50 >= 500_000 && p50 <= 550_000, "p50 " + p50);
    long p99 = h.quantile(0.99);
    assertTrue(p99 >= 990_000 && p99 <= 1_000_000, "p99 " + p99);
    assertEquals(0, new Histogram().quantile(0.99));
  }
}
