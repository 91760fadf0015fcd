package io.meetingmedia.gateway.simulator.engine;

/**
 * How a vendor's bot reconnects after the server closed its socket (protocols.md): a fixed delay between attempts
 * and a maximum number of attempts per incident. Frames that fall due while disconnected are dropped, as the
 * vendors do.
 *
 * @param delayMillis between the close (or a failed attempt) and the next attempt
 * @param maxAttempts attempts per incident before the bot gives up
 */
public record ReconnectPolicy(long delayMillis, int maxAttempts) {
  /** Recall (both real-time endpoints and the legacy socket): 30 attempts, 3 s apart. */
  public static final ReconnectPolicy RECALL = new ReconnectPolicy(3000, 30);
  /** Attendee: 30 attempts, 10 s apart (the code; the docs say 2 s). */
  public static final ReconnectPolicy ATTENDEE = new ReconnectPolicy(10_000, 30);
}
