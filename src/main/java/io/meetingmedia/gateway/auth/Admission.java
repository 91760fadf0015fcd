package io.meetingmedia.gateway.auth;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gate's answer to one upgrade request: either accepted for a tenant, holding a connection slot that must be
 * released once the connection is finished, or refused with an HTTP status and a reason.
 */
public final class Admission {
  private final int status;
  private final String reason;
  private final String tenant;
  private final Runnable releaser;
  private final AtomicBoolean released = new AtomicBoolean();

  private Admission(int status, String reason, String tenant, Runnable releaser) {
    this.status = status;
    this.reason = reason;
    this.tenant = tenant;
    this.releaser = releaser;
  }

  static Admission accepted(String tenant, Runnable releaser) {
    return new Admission(101, null, tenant, releaser);
  }

  static Admission refused(int status, String reason, String tenant) {
    return new Admission(status, reason, tenant, () -> { });
  }

  /** @return true when the upgrade may go ahead */
  public boolean accepted() {
    return status == 101;
  }

  /** @return 101 when accepted, else the HTTP status to reject with */
  public int status() {
    return status;
  }

  /** @return why the request was refused, {@code null} when accepted */
  public String reason() {
    return reason;
  }

  /** @return the tenant the connection is bound to; {@code null} when refused before a tenant was known */
  public String tenant() {
    return tenant;
  }

  /** Gives the connection slot back; safe to call more than once. */
  public void release() {
    if (released.compareAndSet(false, true)) {
      releaser.run();
    }
  }
}
