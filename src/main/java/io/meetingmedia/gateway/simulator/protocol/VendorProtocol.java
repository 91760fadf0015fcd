package io.meetingmedia.gateway.simulator.protocol;

import io.meetingmedia.gateway.simulator.SimulatorOptions;
import io.meetingmedia.gateway.simulator.engine.ConnectionScript;
import io.meetingmedia.gateway.simulator.engine.ReconnectPolicy;
import java.util.List;
import java.util.Set;

/**
 * One vendor's wire protocol as its bots speak it (protocols.md), turned into connection scripts. Each vendor is
 * one small class; the engine does timing, back-pressure and accounting for all of them.
 */
public interface VendorProtocol {
  /** @return the {@code --vendor} name, also the default route {@code /ingest/<name>} */
  String name();

  /** @return the options (without {@code --}) this protocol uses beyond the common ones; others are refused */
  Set<String> options();

  /** @return the frame (or chunk) rate when {@code --fps} is not given */
  double defaultFps(SimulatorOptions options);

  /** @return the frame (or chunk) rate of the run: {@code --fps}, else {@link #defaultFps} */
  default double fps(SimulatorOptions options) {
    return options.fps() != null ? options.fps() : defaultFps(options);
  }

  /** @return the time between two frames (or chunks) of one stream at {@link #fps} */
  default long framePeriodNanos(SimulatorOptions options) {
    return (long) (1e9 / fps(options));
  }

  /**
   * Checks combinations the generic parser cannot.
   *
   * @throws IllegalArgumentException with a message for the user
   */
  default void validate(SimulatorOptions options) {
  }

  /** @return the bot id sent on the wire for bot {@code index} */
  String botId(String runTag, int index);

  /** @return how this vendor's bots reconnect after a close by the server (protocols.md) */
  default ReconnectPolicy reconnectPolicy() {
    return ReconnectPolicy.RECALL;
  }

  /** @return the connections of one bot */
  List<ConnectionScript> connections(BotContext bot);
}
