package io.meetingmedia.gateway.simulator.engine;

import java.util.List;

/**
 * What one simulated vendor connection sends and how it reacts, independent of timing and transport: the engine
 * ({@link SimConnection}) runs it on an event loop. Each vendor protocol produces these; nothing here is shared
 * between connections, so implementations need no synchronisation.
 */
public interface ConnectionScript {
  /** @return the bot this connection belongs to */
  String botId();

  /** @return a short human label, e.g. {@code bot 3 conn 0} */
  String label();

  /** @return messages sent as soon as the socket opens (hello, stream start, join events) */
  List<OutMessage> opening(SendContext context);

  /** @return the periodic streams */
  List<StreamSpec> streams();

  /** @return messages sent after the last stream message, just before the normal close (leave events, stream end) */
  List<OutMessage> closing(SendContext context);

  /**
   * A text message from the gateway.
   *
   * @param text          the message
   * @param receivedNanos {@link System#nanoTime()} at arrival
   */
  default void onText(String text, long receivedNanos) {
  }

  /** @return the ledger of latency pings awaiting pongs, or {@code null} when the protocol has none */
  default PongLedger pongs() {
    return null;
  }
}
