package io.meetingmedia.gateway;

/**
 * How a graceful stop ended, which decides the exit code ({@link ExitCodes}): drained means every record read from a
 * vendor socket had been acknowledged by Kafka when the drain ended; otherwise the drain timed out with
 * {@code unacknowledgedBytes} of records still in flight.
 *
 * @param drained             true when nothing read was left unacknowledged
 * @param unacknowledgedBytes payload bytes read from sockets and not acknowledged when the drain ended
 */
public record StopOutcome(boolean drained, long unacknowledgedBytes) {

  /** @return the process exit code for this outcome */
  public int exitCode() {
    return drained ? ExitCodes.OK : ExitCodes.DRAIN_INCOMPLETE;
  }
}
