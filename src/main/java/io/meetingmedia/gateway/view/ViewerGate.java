package io.meetingmedia.gateway.view;

import io.meetingmedia.gateway.auth.FailedAuthLimiter;
import io.meetingmedia.gateway.auth.HandshakeRequest;
import io.meetingmedia.gateway.auth.TenantDirectory;
import io.meetingmedia.gateway.auth.UriRedactor;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.LimitsConfig;
import io.meetingmedia.gateway.config.TenantConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who may watch: the same tenant tokens as ingest ({@code Authorization: Bearer} or {@code ?token=}, read
 * and compared by the auth package), the same cool-down after repeated failures, and a viewer sees only the bots
 * of the tenant its token names. With no tenants configured the view is open and shows every bot, as the ingest is
 * open in development mode; that is announced by a warning at start-up.
 */
final class ViewerGate {
  private static final Logger LOG = LoggerFactory.getLogger(ViewerGate.class);
  private static final Logger ACCESS = LoggerFactory.getLogger("io.meetingmedia.gateway.access");

  /**
   * The decision for one request.
   *
   * @param status HTTP status: 200 when admitted, else 401 or 429
   * @param tenant tenant whose bots the viewer sees; {@code null} = every bot (open development mode)
   * @param reason why it was refused, {@code null} when admitted
   */
  record Access(int status, String tenant, String reason) {
    boolean admitted() {
      return status == 200;
    }
  }

  private final boolean open;
  private final TenantDirectory directory;
  private final FailedAuthLimiter failures;
  private final LimitsConfig limits;
  private final ViewMeters meters;

  ViewerGate(GatewayConfig config, ViewMeters meters) {
    this.open = config.tenants().isEmpty();
    this.directory = new TenantDirectory(config.tenants());
    this.limits = config.limits();
    this.failures = new FailedAuthLimiter(limits.authFailuresPerMinute(), limits.authBlockSeconds() * 1000L,
        limits.trackedAddresses(), System::currentTimeMillis);
    this.meters = meters;
    if (open) {
      LOG.warn("!!! NO TENANTS CONFIGURED: the live view on port " + config.view().port() + " shows EVERY bot's "
          + "video to ANYONE WITHOUT CREDENTIALS. This is development mode only; configure 'tenants' (see "
          + "docs/security.md) or set view.enabled=false before exposing the gateway. !!!");
    }
  }

  /** @return true when no tenants are configured */
  boolean open() {
    return open;
  }

  /**
   * @param request the request (its URI may hold {@code ?token=}; it is logged redacted)
   * @param what    what was asked for, for the access log
   * @return the decision, counted and logged
   */
  Access admit(HandshakeRequest request, String what) {
    Access access = decide(request);
    if (!access.admitted()) {
      meters.rejected(access.reason());
    }
    var line = ACCESS.atInfo().addKeyValue("remoteAddress", request.remoteAddress())
        .addKeyValue("uri", UriRedactor.redact(request.uri())).addKeyValue("view", what)
        .addKeyValue("status", access.status());
    if (access.tenant() != null) {
      line = line.addKeyValue("tenant", access.tenant());
    }
    if (access.reason() != null) {
      line = line.addKeyValue("reason", access.reason());
    }
    line.log("view request");
    return access;
  }

  private Access decide(HandshakeRequest request) {
    if (open) {
      return new Access(200, null, null);
    }
    String client = request.clientAddress(limits.clientAddressHeader());
    if (failures.blocked(client)) {
      return new Access(429, null, "auth_rate_limited");
    }
    String token = request.token();
    TenantConfig tenant = token == null ? null : directory.find(token);
    if (tenant == null) {
      failures.failed(client);
      return new Access(401, null, token == null ? "token_missing" : "token_invalid");
    }
    return new Access(200, tenant.id(), null);
  }
}
