package io.meetingmedia.gateway.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * Meters of the limits that are not handshake rejections (those are counted by
 * {@code gateway_handshake_rejections_total{reason}}). Labels are bounded: vendor only.
 */
final class SecurityMeters {
  private final MeterRegistry registry;

  SecurityMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void gauges(Supplier<Number> blockedAddresses, Supplier<Number> admitted) {
    Gauge.builder("gateway_auth_blocked_addresses", blockedAddresses)
        .description("Client addresses in their cool-down after too many failed authentications").register(registry);
    Gauge.builder("gateway_connections_admitted", admitted)
        .description("Connections holding a slot of the connection limits").register(registry);
  }

  void idleTimeout(String vendor) {
    Counter.builder("gateway_idle_timeouts").description("Sockets closed after sending no message for too long")
        .tag("vendor", vendor).register(registry).increment();
  }

  void handshakeTimeout() {
    Counter.builder("gateway_handshake_timeouts")
        .description("TCP connections closed for not completing the WebSocket upgrade in time").register(registry)
        .increment();
  }
}
