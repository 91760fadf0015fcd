package io.meetingmedia.gateway.view;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Egress meters of the live view: viewers connected, frames (and fMP4 messages) written to viewers, frames a viewer
 * never got (a newer one of the same stream replaced it while its socket was busy, or fMP4 chunks dropped because
 * the viewer fell behind or waited for a fragment start), and fMP4 streams restarted for a viewer.
 */
final class ViewMeters {
  private final MeterRegistry registry;
  private final AtomicInteger viewers = new AtomicInteger();
  private final Counter framesSent;
  private final Counter framesSkipped;
  private final Map<ViewerSession.Resync, Counter> resyncs = new EnumMap<>(ViewerSession.Resync.class);

  ViewMeters(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("gateway_view_viewers", viewers, AtomicInteger::get)
        .description("Browsers connected to the live view WebSocket").register(registry);
    framesSent = Counter.builder("gateway_view_frames_sent")
        .description("Frames, fMP4 chunks and fMP4 init segments written to viewers").register(registry);
    framesSkipped = Counter.builder("gateway_view_frames_skipped")
        .description("Frames and fMP4 chunks a viewer did not get: replaced by a newer frame of the same stream "
            + "(conflation), or fMP4 chunks dropped while the viewer was behind or waited for a fragment start")
        .register(registry);
    for (ViewerSession.Resync reason : ViewerSession.Resync.values()) {
      resyncs.put(reason, Counter.builder("gateway_view_fmp4_resyncs")
          .description("fMP4 streams a viewer restarts at the next fragment with the init segment (the page resets "
              + "its SourceBuffer): slow_viewer when chunks were dropped, new_stream when the bot began a new stream")
          .tag("reason", reason.wireName()).register(registry));
    }
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

  void resynced(ViewerSession.Resync reason) {
    resyncs.get(reason).increment();
  }

  void rejected(String reason) {
    Counter.builder("gateway_view_rejections").description("Refused live-view requests by reason")
        .tag("reason", reason).register(registry).increment();
  }
}
