package io.meetingmedia.gateway.auth;

import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.LimitsConfig;
import io.meetingmedia.gateway.config.TenantConfig;
import io.meetingmedia.gateway.metrics.GatewayMetrics;
import io.vertx.core.Vertx;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every WebSocket upgrade before it happens, so no frame of a refused connection is ever read. In order:
 * unknown path 404, shutting down 503, client address cooling down after failed authentications 429, missing or
 * unknown token 401, vendor not allowed for the token's tenant 403, bad Recall signature 401, connection limits 503.
 * Each refusal is counted in {@code gateway_handshake_rejections_total{reason}}. The caller writes the access-log
 * line ({@link AccessLog}) once it knows the status actually sent. One instance serves all ingest verticles; it is
 * thread-safe.
 *
 * <p>With no tenants configured the gate is open: every connection is tenant {@value #DEFAULT_TENANT}, without
 * credentials. That is development mode, announced by a warning at start-up.
 */
public final class HandshakeGate {
  private static final Logger LOG = LoggerFactory.getLogger(HandshakeGate.class);
  /** Tenant of every connection when no tenants are configured. */
  public static final String DEFAULT_TENANT = "default";
  private static final int REPLAY_CAPACITY = 100_000;

  private final LimitsConfig limits;
  private final GatewayMetrics metrics;
  private final SecurityMeters meters;
  private final boolean open;
  private final TenantDirectory directory;
  private final RecallSignatureVerifier recall;
  private final FailedAuthLimiter failures;
  private final ConnectionLimiter connections;
  private final TlsAcceptClock acceptClock;

  public HandshakeGate(GatewayConfig config, GatewayMetrics metrics) {
    this(config, metrics, System::currentTimeMillis);
  }

  HandshakeGate(GatewayConfig config, GatewayMetrics metrics, LongSupplier nowMillis) {
    this.limits = config.limits();
    this.metrics = metrics;
    this.meters = new SecurityMeters(metrics.registry());
    this.open = config.tenants().isEmpty();
    this.directory = new TenantDirectory(config.tenants());
    this.recall = new RecallSignatureVerifier(REPLAY_CAPACITY, nowMillis);
    this.failures = new FailedAuthLimiter(limits.authFailuresPerMinute(), limits.authBlockSeconds() * 1000L,
        limits.trackedAddresses(), nowMillis);
    this.connections = new ConnectionLimiter(limits.maxConnections());
    this.acceptClock = new TlsAcceptClock(limits.handshakeTimeoutSeconds() * 1000L, meters::handshakeTimeout);
    meters.gauges(failures::blockedAddresses, connections::open);
    if (open) {
      LOG.warn("!!! NO TENANTS CONFIGURED: the ingest accepts EVERY WebSocket connection WITHOUT CREDENTIALS as "
          + "tenant 'default'. This is development mode only; configure 'tenants' (see docs/security.md) before "
          + "exposing the gateway. !!!");
    } else {
      LOG.atInfo().addKeyValue("tenants", config.tenants().stream().map(TenantConfig::id).toList())
          .log("tenant authentication enabled");
    }
  }

  /**
   * @param request  the upgrade request
   * @param draining true once shutdown has begun
   * @return the decision, not yet logged (see {@link AccessLog#handshake}); when accepted,
   *     {@link Admission#release()} must be called when the connection ends
   */
  public Admission admit(HandshakeRequest request, boolean draining) {
    String client = request.clientAddress(limits.clientAddressHeader());
    Admission admission;
    try {
      admission = decide(request, client, draining);
    } catch (RuntimeException e) {
      // fail closed: an unexpected error refuses this upgrade and never leaves it unanswered
      LOG.atError().addKeyValue("error", e.getClass().getName()).log("handshake check failed");
      admission = Admission.refused(500, "internal_error", null);
    }
    if (!admission.accepted()) {
      metrics.handshakeRejected(admission.reason());
    }
    return admission.from(client);
  }

  private Admission decide(HandshakeRequest request, String client, boolean draining) {
    if (request.vendor() == null) {
      return Admission.refused(404, "unknown_path", null);
    }
    if (draining) {
      return Admission.refused(503, "shutting_down", null);
    }
    if (failures.blocked(client)) {
      return Admission.refused(429, "auth_rate_limited", null);
    }
    String tenantId = DEFAULT_TENANT;
    int tenantMax = limits.maxConnectionsPerTenant();
    if (!open) {
      String token = request.token();
      TenantConfig tenant = token == null ? null : directory.find(token);
      if (tenant == null) {
        failures.failed(client);
        return Admission.refused(401, token == null ? "token_missing" : "token_invalid", null);
      }
      if (!tenant.vendors().contains(request.vendor())) {
        return Admission.refused(403, "vendor_forbidden", tenant.id());
      }
      if (tenant.recallSecret() != null && signedByRecall(request.vendor())) {
        RecallSignatureVerifier.Outcome outcome = recall.verify(request.headers(), tenant.recallSecret(),
            tenant.recallToleranceSeconds(), tenant.id());
        if (outcome != RecallSignatureVerifier.Outcome.VALID) {
          failures.failed(client);
          return Admission.refused(401, outcome.reason(), tenant.id());
        }
      }
      tenantId = tenant.id();
      tenantMax = tenant.maxConnections();
    }
    String limited = connections.tryAcquire(tenantId, tenantMax);
    if (limited != null) {
      return Admission.refused(503, limited, tenantId);
    }
    String admitted = tenantId;
    return Admission.accepted(admitted, () -> connections.release(admitted));
  }

  /**
   * Recall signs the upgrade requests of every real-time endpoint once a workspace secret exists, so the check
   * covers each route of a Recall adapter ({@code recall}, and any {@code recall-*} / {@code recall_*} route).
   */
  static boolean signedByRecall(String vendor) {
    return vendor.equals("recall") || vendor.startsWith("recall-") || vendor.startsWith("recall_");
  }

  /**
   * @param vertx  the Vert.x instance
   * @param vendor the connection's vendor, for the metric
   * @param onIdle closes the socket; called on its event loop
   * @return a started idle timer for one connection (inert when the idle timeout is 0)
   */
  public InboundIdleTimer idleTimer(Vertx vertx, String vendor, Runnable onIdle) {
    return InboundIdleTimer.start(vertx, limits.idleTimeoutSeconds() * 1000L, () -> {
      meters.idleTimeout(vendor);
      onIdle.run();
    });
  }

  /**
   * Counts an upgrade the gate admitted but that failed anyway (Vert.x answered it with an error status, e.g. 400
   * for a missing {@code Sec-WebSocket-Key}).
   */
  public void upgradeFailed() {
    metrics.handshakeRejected(AccessLog.INVALID_UPGRADE);
  }

  /** @return a handshake timer for one ingest server (one per verticle instance), sharing the TLS accept clock */
  public HandshakeTimer handshakeTimer(Vertx vertx) {
    return new HandshakeTimer(vertx, limits.handshakeTimeoutSeconds() * 1000L, meters::handshakeTimeout,
        acceptClock);
  }

  /** @return the clock the ingest listener's TLS reports accept times to (one for all ingest verticles) */
  public TlsAcceptClock acceptClock() {
    return acceptClock;
  }
}
