package io.meetingmedia.gateway.simulator.engine;

import io.vertx.core.Vertx;
import java.util.function.BiConsumer;

/**
 * A {@link SimConnection}'s {@link ConnectionState} together with its one timer, because every change of state must
 * cancel what the old state had scheduled (a send, a stall deadline, a reconnect delay, a pong wait, a close
 * timeout): a timer that outlived its state would act on a connection that has moved on. It also times stalls, being
 * the one place that sees a stall end however it ends (drain, deadline, close). Used on the connection's event loop.
 */
final class ConnectionMachine {
  private final Vertx vertx;
  private final String label;
  private final SimStats stats;
  private ConnectionState state = ConnectionState.CONNECTING;
  private BiConsumer<ConnectionState, ConnectionState> transitions = (from, to) -> { };
  private long timer = -1;
  private long stallStart;

  /** @param label the connection's label, for the message of a move the machine does not allow */
  ConnectionMachine(Vertx vertx, String label, SimStats stats) {
    this.vertx = vertx;
    this.label = label;
    this.stats = stats;
  }

  ConnectionState state() {
    return state;
  }

  /** Observes every change of state ({@code from}, {@code to}); for tests. */
  void onTransition(BiConsumer<ConnectionState, ConnectionState> listener) {
    this.transitions = listener;
  }

  /**
   * Moves to the next state, cancelling whatever timer the old one had started and counting a stall that ends.
   *
   * @throws IllegalStateException if the machine does not allow the move (a bug in the connection)
   */
  void moveTo(ConnectionState next) {
    if (!state.allows(next)) {
      throw new IllegalStateException(label + ": " + state + " -> " + next + " is not a transition");
    }
    cancelTimer();
    if (state == ConnectionState.STALLED) {
      stats.stallNanos.add(System.nanoTime() - stallStart);
    }
    ConnectionState previous = state;
    state = next;
    transitions.accept(previous, next);
  }

  /** Moves to {@link ConnectionState#STALLED} and counts the stall; its time is counted when it ends. */
  void stall(long nowNanos) {
    moveTo(ConnectionState.STALLED);
    stallStart = nowNanos;
    stats.stalls.increment();
  }

  /** Runs {@code action} after {@code millis} as the connection's one timer (a change of state cancels it). */
  void after(long millis, Runnable action) {
    timer = vertx.setTimer(millis, id -> {
      timer = -1;
      action.run();
    });
  }

  void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
