package io.meetingmedia.gateway.simulator.engine;

import io.meetingmedia.gateway.simulator.engine.ConnectionOutcome.Status;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.function.BiConsumer;

/**
 * Runs one {@link ConnectionScript} over one WebSocket, entirely on one event loop: no thread per connection, one
 * timer at a time. Messages are sent at absolute due times; when the socket's write queue is above its high-water
 * mark (the gateway reads slower than we write) the connection stops and resumes on drain, and every message sent
 * after its due time adds to the run's lateness, which is how a slow gateway shows up in the report. With
 * {@code --seconds} a connection stops at its deadline and counts what it could not send. Its life is an explicit
 * {@link ConnectionState}; every change of state cancels the pending timer.
 */
public final class SimConnection {
  private static final int BURST = 64;

  private final Vertx vertx;
  private final WebSocketClient client;
  private final WebSocketConnectOptions connect;
  private final ConnectionScript script;
  private final RunSettings run;
  private final SimStats stats;
  private final ConnectionSendLog sendLog;
  private final EpochClock clock;
  private final long startDelayMillis;
  private final Promise<ConnectionOutcome> outcome = Promise.promise();

  private Context context;
  private WebSocket ws;
  private StreamSchedule schedule;
  private long openedNanos;
  private long timer = -1;
  private ConnectionState state = ConnectionState.CONNECTING;
  private BiConsumer<ConnectionState, ConnectionState> transitions = (from, to) -> { };
  private long stallStart;
  private long messages;
  private long wireBytes;
  private long unsent;
  private String lastError;
  private String closeDetail;
  /** From a close by the gateway until the first logged message on the new socket, else {@code null}. */
  private Disconnection disconnection;

  /**
   * @param startDelayMillis how long after {@link #start()} to connect ({@code --ramp-seconds})
   * @param log              the send log, or {@code null}
   */
  public SimConnection(Vertx vertx, WebSocketClient client, WebSocketConnectOptions connect, ConnectionScript script,
      RunSettings run, SimStats stats, SendLog log, EpochClock clock, long startDelayMillis) {
    this.vertx = vertx;
    this.client = client;
    this.connect = connect;
    this.script = script;
    this.run = run;
    this.stats = stats;
    this.sendLog = new ConnectionSendLog(log, script.botId());
    this.clock = clock;
    this.startDelayMillis = startDelayMillis;
  }

  /** @return the current state; read it on the connection's event loop */
  ConnectionState state() {
    return state;
  }

  /** Observes every change of state ({@code from}, {@code to}) on the connection's event loop; for tests. */
  void onTransition(BiConsumer<ConnectionState, ConnectionState> listener) {
    this.transitions = listener;
  }

  /**
   * Moves to the next state, cancelling whatever timer the old one had started and counting a stall that ends.
   *
   * @throws IllegalStateException if the machine does not allow the move (a bug in this class)
   */
  private void moveTo(ConnectionState next) {
    if (!state.allows(next)) {
      throw new IllegalStateException(script.label() + ": " + state + " -> " + next + " is not a transition");
    }
    cancelTimer();
    if (state == ConnectionState.STALLED) {
      stats.stallNanos.add(System.nanoTime() - stallStart);
    }
    ConnectionState previous = state;
    state = next;
    transitions.accept(previous, next);
  }

  /** @return completes when the connection has ended, however it ended; never fails */
  public Future<ConnectionOutcome> outcome() {
    return outcome.future();
  }

  /** Connects after the start delay; call on the event-loop context that should own the connection. */
  public void start() {
    context = vertx.getOrCreateContext();
    if (startDelayMillis > 0) {
      vertx.setTimer(startDelayMillis, id -> connect());
    } else {
      connect();
    }
  }

  private void connect() {
    stats.connectAttempts.increment();
    client.connect(connect).onComplete(ar -> {
      if (ar.failed()) {
        stats.connectFailures.increment();
        end(Status.CONNECT_FAILED, describe(ar.cause()), null);
      } else {
        opened(ar.result());
      }
    });
  }

  static String describe(Throwable error) {
    if (error instanceof UpgradeRejectedException) {
      return "HTTP " + ((UpgradeRejectedException) error).getStatus() + " instead of a WebSocket upgrade";
    }
    return error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
  }

  private void opened(WebSocket socket) {
    attach(socket);
    moveTo(ConnectionState.OPEN);
    openedNanos = System.nanoTime();
    schedule = StreamSchedule.plan(script, run, openedNanos);
    SendContext start = new SendContext(clock.epochMicros(openedNanos), 0);
    for (OutMessage m : script.opening(start)) {
      write(m, start.epochMicros(), 0);
    }
    pump();
  }

  private void attach(WebSocket socket) {
    ws = socket;
    stats.open.incrementAndGet();
    ws.setWriteQueueMaxSize(run.writeQueueBytes());
    ws.textMessageHandler(text -> script.onText(text, System.nanoTime()));
    ws.binaryMessageHandler(buffer -> { });
    ws.exceptionHandler(error -> lastError = error.toString());
    WebSocket mine = socket;
    ws.closeHandler(v -> onClosed(mine));
  }

  /** The gateway closed the socket mid-stream and the vendor reconnects: wait, then try again. */
  private void disconnected(Integer closeCode) {
    moveTo(ConnectionState.RECONNECT_WAIT);
    disconnection = new Disconnection(clock.epochMicros(System.nanoTime()), closeCode);
    stats.reconnects.disconnects.increment();
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    after(run.reconnect().delayMillis(), this::reconnect);
  }

  private void reconnect() {
    if (state != ConnectionState.RECONNECT_WAIT) {
      return;
    }
    long now = System.nanoTime();
    Disconnection d = disconnection;
    if (now >= schedule.deadlineNanos() || d.attempts() >= run.reconnect().maxAttempts()) {
      dropDue(schedule.deadlineNanos());
      if (d.attempts() >= run.reconnect().maxAttempts()) {
        stats.reconnects.gaveUp.increment();
      }
      end(Status.CLOSED_BY_GATEWAY, "closed by the gateway (" + d.closeCode() + "); "
          + (now >= schedule.deadlineNanos() ? "the run ended" : "gave up after " + d.attempts() + " attempts")
          + " while reconnecting", d.closeCode());
      return;
    }
    d.attempted();
    stats.connectAttempts.increment();
    client.connect(connect).onComplete(ar -> {
      if (state != ConnectionState.RECONNECT_WAIT) {
        if (ar.succeeded()) {
          ar.result().close();
        }
      } else if (ar.failed()) {
        stats.connectFailures.increment();
        scheduleReconnect();
      } else {
        reopened(ar.result());
      }
    });
  }

  private void reopened(WebSocket socket) {
    attach(socket);
    moveTo(ConnectionState.OPEN);
    sendLog.newSocket();
    dropDue(System.nanoTime());
    long now = System.nanoTime();
    SendContext start = new SendContext(clock.epochMicros(now), (now - openedNanos) / 1e9);
    for (OutMessage m : script.opening(start)) {
      write(m, start.epochMicros(), 0);
    }
    pump();
  }

  /** Drops every scheduled message due before {@code until}: the vendor drops frames while disconnected. */
  private void dropDue(long until) {
    long dropped = schedule.dropDueBefore(until);
    disconnection.dropped(dropped);
    stats.reconnects.dropped.add(dropped);
    stats.reconnects.generated.add(dropped);
  }

  private void pump() {
    if (!state.sending()) {
      return;
    }
    cancelTimer();
    long now = System.nanoTime();
    if (now >= schedule.deadlineNanos()) {
      finishStreams();
      return;
    }
    for (int burst = 0; ; burst++) {
      StreamSchedule.Stream next = schedule.earliest();
      if (next == null) {
        finishStreams();
        return;
      }
      if (next.due > now) {
        scheduleAt(Math.min(next.due, schedule.deadlineNanos()), now);
        return;
      }
      if (ws.writeQueueFull()) {
        stall(now);
        return;
      }
      if (burst == BURST) {
        context.runOnContext(v -> pump());
        return;
      }
      long micros = clock.epochMicros(now);
      OutMessage m = next.spec.factory().create(next.index, new SendContext(micros, (now - openedNanos) / 1e9));
      write(m, micros, now - next.due);
      next.advance();
      if (!state.sending()) {
        return;
      }
      now = System.nanoTime();
    }
  }

  private void scheduleAt(long due, long now) {
    long millis = Math.max(1, (due - now + 999_999) / 1_000_000);
    after(millis, this::pump);
  }

  /** Runs {@code action} after {@code millis} as this connection's one timer (a change of state cancels it). */
  private void after(long millis, Runnable action) {
    timer = vertx.setTimer(millis, id -> {
      timer = -1;
      action.run();
    });
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** Waits for a drain; the deadline timer ends the wait if none comes. The stall time is counted by moveTo. */
  private void stall(long now) {
    if (state != ConnectionState.STALLED) {
      moveTo(ConnectionState.STALLED);
      stallStart = now;
      stats.stalls.increment();
      WebSocket stalledSocket = ws;
      ws.drainHandler(v -> {
        if (state == ConnectionState.STALLED && ws == stalledSocket) {
          moveTo(ConnectionState.OPEN);
          pump();
        }
      });
    }
    scheduleAt(schedule.deadlineNanos(), now);
  }

  private void write(OutMessage m, long micros, long latenessNanos) {
    ByteBuf payload = m.payload();
    int size = payload.readableBytes();
    if (ws.isClosed()) {
      stats.writeErrors.increment();
      if (m.logged()) {
        stats.reconnects.generated.increment();
      }
      return;
    }
    Future<Void> last = FragmentingWriter.write(ws, m.text(), payload, run.fragmentBytes(),
        stats.writeErrors::increment);
    if (m.logged()) {
      stats.reconnects.generated.increment();
      stats.reconnects.written.increment();
      if (disconnection != null) {
        stats.reconnects.reconnected(disconnection.incident(script.label(), script.botId(), micros));
        disconnection = null;
      }
    }
    messages++;
    wireBytes += size;
    stats.sent(m.logged(), size, m.mediaBytes(), latenessNanos / 1000, run.lateMicros());
    sendLog.written(m, micros, size, last);
  }

  private void finishStreams() {
    moveTo(ConnectionState.AWAITING_PONGS);
    countUnsent();
    awaitPongs();
  }

  /** Counts the scheduled messages that will never be sent now. */
  private void countUnsent() {
    long remaining = schedule.remaining();
    if (remaining > 0) {
      unsent += remaining;
      stats.unsent.add(remaining);
    }
  }

  private void awaitPongs() {
    if (state != ConnectionState.AWAITING_PONGS) {
      return;
    }
    PongLedger pongs = script.pongs();
    if (pongs != null && pongs.pendingCount() > 0
        && System.nanoTime() - pongs.oldestPendingNanos() < run.pongTimeoutNanos()) {
      after(20, this::awaitPongs);
      return;
    }
    closeNormally();
  }

  private void closeNormally() {
    long now = System.nanoTime();
    SendContext end = new SendContext(clock.epochMicros(now), (now - openedNanos) / 1e9);
    for (OutMessage m : script.closing(end)) {
      write(m, end.epochMicros(), 0);
    }
    moveTo(ConnectionState.CLOSING);
    ws.close((short) 1000, "bot left");
    after(run.closeTimeoutMillis(), () -> abort("the close handshake did not finish within "
        + run.closeTimeoutMillis() + " ms; connection aborted"));
  }

  /** Drops the TCP connection ({@link SocketDrop}) and ends the connection shortly after. */
  private void abort(String why) {
    closeDetail = why;
    SocketDrop.now(ws);
    after(1000, () -> end(Status.COMPLETED, why, null));
  }

  private void onClosed(WebSocket socket) {
    stats.open.decrementAndGet();
    if (socket != ws) {
      return;
    }
    Short code = ws.closeStatusCode();
    Integer closeCode = code == null ? null : (int) code;
    if (state == ConnectionState.CLOSING) {
      end(Status.COMPLETED, closeDetail, closeCode);
      return;
    }
    if (state == ConnectionState.CLOSED) {
      return;
    }
    stats.gatewayClose(closeCode);
    if (run.reconnect() != null && state.sending() && System.nanoTime() < schedule.deadlineNanos()) {
      disconnected(closeCode);
      return;
    }
    if (state.sending()) {
      countUnsent();
    }
    String reason = ws.closeReason();
    if (reason == null || reason.isEmpty()) {
      reason = code == null ? "connection dropped without a close frame" + (lastError == null ? "" : ": " + lastError)
          : "";
    }
    end(Status.CLOSED_BY_GATEWAY, reason, closeCode);
  }

  private void end(Status status, String detail, Integer closeCode) {
    if (state == ConnectionState.CLOSED) {
      return;
    }
    moveTo(ConnectionState.CLOSED);
    PongLedger pongs = script.pongs();
    long pings = 0;
    long missing = 0;
    if (pongs != null) {
      pongs.closeOut();
      pings = pongs.sent();
      missing = pongs.missing();
    }
    ConnectionOutcome result = new ConnectionOutcome(script.label(), script.botId(), status, detail, closeCode,
        messages, wireBytes, unsent, pings, missing);
    stats.outcome(result);
    outcome.complete(result);
  }

}
