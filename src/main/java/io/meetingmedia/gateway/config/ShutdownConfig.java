package io.meetingmedia.gateway.config;

/**
 * Graceful stop on SIGTERM. Kubernetes' {@code terminationGracePeriodSeconds} must exceed preStop + drain + flush.
 *
 * @param drainTimeoutSeconds time for in-flight messages of open sockets to be acknowledged before 1001 closes
 * @param flushTimeoutSeconds time for the producer to flush and close
 */
public record ShutdownConfig(int drainTimeoutSeconds, int flushTimeoutSeconds) {

  static ShutdownConfig read(ConfigReader r) {
    ShutdownConfig config = new ShutdownConfig(r.intValue("drainTimeoutSeconds", 45, 0, 3600),
        r.intValue("flushTimeoutSeconds", 10, 0, 3600));
    r.finish();
    return config;
  }
}
