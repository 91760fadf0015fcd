package io.meetingmedia.gateway;

/**
 * The process's exit codes, documented in README ("Exit codes"). Kubernetes reports any non-zero code as an error,
 * so a SIGTERM whose drain completed exits 0 rather than the JVM's 143.
 */
public final class ExitCodes {
  /** Stopped after a complete drain: every record read from a socket was acknowledged by Kafka. */
  public static final int OK = 0;
  /** Could not start: Kafka unreachable, a topic missing or too small, a port taken, ... (the log says which). */
  public static final int STARTUP_FAILED = 1;
  /** Invalid configuration or command line; the message names the key. */
  public static final int CONFIG_INVALID = 2;
  /** Stopped after the drain timed out with records not acknowledged by Kafka (they may be lost). */
  public static final int DRAIN_INCOMPLETE = 3;

  private ExitCodes() {
  }
}
