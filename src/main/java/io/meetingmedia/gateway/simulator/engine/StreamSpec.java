package io.meetingmedia.gateway.simulator.engine;

/**
 * A periodic stream of messages inside one connection (a participant's webcam, the mixed audio, pings...). The
 * engine decides how many messages it sends: {@code --frames K} gives primary streams K messages and the others
 * whatever fits in the same time; {@code --seconds S} gives every stream whatever fits in S seconds.
 *
 * @param name        for diagnostics
 * @param periodNanos time between messages
 * @param primary     true for the streams {@code --frames} counts (video, or the audio of an audio-only protocol)
 * @param phaseNanos  offset of the first message from the connection's start; negative lets the engine spread
 *                    streams evenly over one period, like independent cameras
 * @param factory     builds message {@code index} at send time
 */
public record StreamSpec(String name, long periodNanos, boolean primary, long phaseNanos, Factory factory) {

  /** Builds a stream's messages when they are due, never ahead of time. */
  @FunctionalInterface
  public interface Factory {
    OutMessage create(long index, SendContext context);
  }

  public StreamSpec {
    if (periodNanos <= 0) {
      throw new IllegalArgumentException("stream period must be positive");
    }
  }
}
