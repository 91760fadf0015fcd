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
  private final String client;
  private final AtomicBoolean released = new AtomicBoolean();

  private Admission(int status, String reason, String tenant, Runnable releaser, String client) {
    this.status = status;
    this.reason = reason;
    this.tenant = tenant;
    this.releaser = releaser;
    this.client = client;
  }

  static Admission accepted(String tenant, Runnable releaser) {
    return new Admission(101, null, tenant, releaser, null);
  }

  static Admission refused(int status, String reason, String tenant) {
    return new Admission(status, reason, tenant, () -> { }, null);
  }

  /** @return this decision, made for the client address {@code client} (before any slot is released) */
  Admission from(String client) {
    return new Admission(status, reason, tenant, releaser, client);
  }

  /** @return the client address the limits applied to (see {@link HandshakeRequest#clientAddress}) */
  public String client() {
    return client;
  }

  /** @return true when the upgrade may go ahead */
  public boolean accepted() {
    return status == 101;
  }

  /** @return 101 when accepted, else the HTTP status to reject with (the gate's decision, not what was sent) */
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
