package io.meetingmedia.gateway.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts open connections per tenant and in total across every ingest instance, refusing above the limits. */
final class ConnectionLimiter {
  /** Reason when the gateway-wide limit is reached. */
  static final String TOTAL = "connection_limit";
  /** Reason when the tenant's limit is reached. */
  static final String TENANT = "tenant_connection_limit";

  private final int maxTotal;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> perTenant = new ConcurrentHashMap<>();

  ConnectionLimiter(int maxTotal) {
    this.maxTotal = maxTotal;
  }

  /** @return {@code null} when a slot was taken (release it later), else the reason for refusing */
  String tryAcquire(String tenant, int tenantMax) {
    AtomicInteger mine = perTenant.computeIfAbsent(tenant, t -> new AtomicInteger());
    if (mine.incrementAndGet() > tenantMax) {
      mine.decrementAndGet();
      return TENANT;
    }
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      mine.decrementAndGet();
      return TOTAL;
    }
    return null;
  }

  void release(String tenant) {
    perTenant.get(tenant).decrementAndGet();
    total.decrementAndGet();
  }

  int open(String tenant) {
    AtomicInteger n = perTenant.get(tenant);
    return n == null ? 0 : n.get();
  }

  int open() {
    return total.get();
  }
}
