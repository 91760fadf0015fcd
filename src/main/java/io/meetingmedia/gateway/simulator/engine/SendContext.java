package io.meetingmedia.gateway.simulator.engine;

/**
 * When a message is being built: the send time the send log will record (and {@code --stamp} embeds), and the
 * seconds since the connection opened, which protocols use as their media-relative timestamp.
 *
 * @param epochMicros     send time, epoch microseconds
 * @param relativeSeconds seconds since the connection opened
 */
public record SendContext(long epochMicros, double relativeSeconds) {

  /** @return the send time in epoch milliseconds */
  public long epochMillis() {
    return epochMicros / 1000;
  }
}
