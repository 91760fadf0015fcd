package io.meetingmedia.gateway.simulator.engine;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A vendor's bot reconnecting after the gateway closed its socket mid-stream ({@code --reconnect vendor}): it waits
 * the policy's delay between attempts, gives up at the run's deadline or after the policy's last attempt, and drops
 * the frames that fall due while disconnected, as the vendors do. It keeps the open {@link Disconnection} until a
 * frame gets through on the new socket, because that is where the reconnect report stops the clock.
 */
final class Reconnector {
  private final ReconnectPolicy policy;
  private final WebSocketClient client;
  private final WebSocketConnectOptions connect;
  private final ConnectionMachine machine;
  private final SimStats stats;
  private final EpochClock clock;
  private final Consumer<WebSocket> reopened;
  private final BiConsumer<String, Integer> gaveUp;
  private StreamSchedule schedule;
  /** From a close by the gateway until the first logged message on the new socket, else {@code null}. */
  private Disconnection disconnection;

  /**
   * @param reopened called with the new socket, the machine still in {@link ConnectionState#RECONNECT_WAIT}
   * @param gaveUp   called with why and the gateway's close code when the bot stops trying
   */
  Reconnector(ReconnectPolicy policy, WebSocketClient client, WebSocketConnectOptions connect,
      ConnectionMachine machine, SimStats stats, EpochClock clock, Consumer<WebSocket> reopened,
      BiConsumer<String, Integer> gaveUp) {
    this.policy = policy;
    this.client = client;
    this.connect = connect;
    this.machine = machine;
    this.stats = stats;
    this.clock = clock;
    this.reopened = reopened;
    this.gaveUp = gaveUp;
  }

  /** The gateway closed the socket mid-stream: wait, then try again. */
  void disconnected(Integer closeCode, StreamSchedule streams) {
    machine.moveTo(ConnectionState.RECONNECT_WAIT);
    schedule = streams;
    disconnection = new Disconnection(clock.epochMicros(System.nanoTime()), closeCode);
    stats.reconnects.disconnects.increment();
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    machine.after(policy.delayMillis(), this::reconnect);
  }

  private void reconnect() {
    if (machine.state() != ConnectionState.RECONNECT_WAIT) {
      return;
    }
    long now = System.nanoTime();
    Disconnection d = disconnection;
    if (now >= schedule.deadlineNanos() || d.attempts() >= policy.maxAttempts()) {
      dropDue(schedule.deadlineNanos());
      if (d.attempts() >= policy.maxAttempts()) {
        stats.reconnects.gaveUp.increment();
      }
      gaveUp.accept("closed by the gateway (" + d.closeCode() + "); "
          + (now >= schedule.deadlineNanos() ? "the run ended" : "gave up after " + d.attempts() + " attempts")
          + " while reconnecting", d.closeCode());
      return;
    }
    d.attempted();
    stats.connectAttempts.increment();
    client.connect(connect).onComplete(ar -> {
      if (machine.state() != ConnectionState.RECONNECT_WAIT) {
        if (ar.succeeded()) {
          ar.result().close();
        }
      } else if (ar.failed()) {
        stats.connectFailures.increment();
        scheduleReconnect();
      } else {
        reopened.accept(ar.result());
      }
    });
  }

  /** Drops every scheduled message due before {@code until}: the vendor drops frames while disconnected. */
  void dropDue(long until) {
    long dropped = schedule.dropDueBefore(until);
    disconnection.dropped(dropped);
    stats.reconnects.dropped.add(dropped);
    stats.reconnects.generated.add(dropped);
  }

  /** A logged message was written at {@code micros}: the open incident, if any, is over. */
  void written(String label, String botId, long micros) {
    if (disconnection != null) {
      stats.reconnects.reconnected(disconnection.incident(label, botId, micros));
      disconnection = null;
    }
  }
}
