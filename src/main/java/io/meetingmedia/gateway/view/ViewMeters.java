package io.meetingmedia.gateway.view;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Egress meters of the live view: viewers connected, frames written to viewers, and frames a viewer never got
 * because a newer one of the same stream replaced it while its socket was busy (conflation).
 */
final class ViewMeters {
  private final MeterRegistry registry;
  private final AtomicInteger viewers = new AtomicInteger();
  private final Counter framesSent;
  private final Counter framesSkipped;

  ViewMeters(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("gateway_view_viewers", viewers, AtomicInteger::get)
        .description("Browsers connected to the live view WebSocket").register(registry);
    framesSent = Counter.builder("gateway_view_frames_sent").description("Frames and fMP4 chunks written to viewers")
        .register(registry);
    framesSkipped = Counter.builder("gateway_view_frames_skipped")
        .description("Frames a viewer did not get because a newer frame of the same stream replaced them (conflation)")
        .register(registry);
  }

  void viewerOpened() {
    viewers.incrementAndGet();
  }

  void viewerClosed() {
    viewers.decrementAndGet();
  }

  int viewers() {
    return viewers.get();
  }

  void sent() {
    framesSent.increment();
  }

  void skipped(int n) {
    framesSkipped.increment(n);
  }

  void rejected(String reason) {
    Counter.builder("gateway_view_rejections").description("Refused live-view requests by reason")
        .tag("reason", reason).register(registry).increment();
  }
}
