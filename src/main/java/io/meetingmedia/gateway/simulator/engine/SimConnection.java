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
 * {@link ConnectionState} ({@link ConnectionMachine}); every change of state cancels the pending timer. Reconnecting
 * after a close by the gateway is a {@link Reconnector}'s job.
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
  private final ConnectionMachine machine;
  /** {@code null} unless the vendor reconnects ({@code --reconnect vendor}). */
  private final Reconnector reconnector;

  private Context context;
  private WebSocket ws;
  private StreamSchedule schedule;
  private long openedNanos;
  private long messages;
  private long wireBytes;
  private long unsent;
  private String lastError;
  private String closeDetail;

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
    this.machine = new ConnectionMachine(vertx, script.label(), stats);
    this.reconnector = run.reconnect() == null ? null : new Reconnector(run.reconnect(), client, connect, machine,
        stats, clock, this::reopened, (why, closeCode) -> end(Status.CLOSED_BY_GATEWAY, why, closeCode));
  }

  /** @return the current state; read it on the connection's event loop */
  ConnectionState state() {
    return machine.state();
  }

  /** Observes every change of state ({@code from}, {@code to}) on the connection's event loop; for tests. */
  void onTransition(BiConsumer<ConnectionState, ConnectionState> listener) {
    machine.onTransition(listener);
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
    machine.moveTo(ConnectionState.OPEN);
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

  /** A reconnect opened a new socket: what fell due meanwhile is dropped, the rest goes out on schedule. */
  private void reopened(WebSocket socket) {
    attach(socket);
    machine.moveTo(ConnectionState.OPEN);
    sendLog.newSocket();
    reconnector.dropDue(System.nanoTime());
    long now = System.nanoTime();
    SendContext start = new SendContext(clock.epochMicros(now), (now - openedNanos) / 1e9);
    for (OutMessage m : script.opening(start)) {
      write(m, start.epochMicros(), 0);
    }
    pump();
  }

  private void pump() {
    if (!machine.state().sending()) {
      return;
    }
    machine.cancelTimer();
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
      if (!machine.state().sending()) {
        return;
      }
      now = System.nanoTime();
    }
  }

  private void scheduleAt(long due, long now) {
    long millis = Math.max(1, (due - now + 999_999) / 1_000_000);
    machine.after(millis, this::pump);
  }

  /** Waits for a drain; the deadline timer ends the wait if none comes. The machine counts the stall's time. */
  private void stall(long now) {
    if (machine.state() != ConnectionState.STALLED) {
      machine.stall(now);
      WebSocket stalledSocket = ws;
      ws.drainHandler(v -> {
        if (machine.state() == ConnectionState.STALLED && ws == stalledSocket) {
          machine.moveTo(ConnectionState.OPEN);
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
      if (reconnector != null) {
        reconnector.written(script.label(), script.botId(), micros);
      }
    }
    messages++;
    wireBytes += size;
    stats.sent(m.logged(), size, m.mediaBytes(), latenessNanos / 1000, run.lateMicros());
    sendLog.written(m, micros, size, last);
  }

  private void finishStreams() {
    machine.moveTo(ConnectionState.AWAITING_PONGS);
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
    if (machine.state() != ConnectionState.AWAITING_PONGS) {
      return;
    }
    PongLedger pongs = script.pongs();
    if (pongs != null && pongs.pendingCount() > 0
        && System.nanoTime() - pongs.oldestPendingNanos() < run.pongTimeoutNanos()) {
      machine.after(20, this::awaitPongs);
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
    machine.moveTo(ConnectionState.CLOSING);
    ws.close((short) 1000, "bot left");
    machine.after(run.closeTimeoutMillis(), () -> abort("the close handshake did not finish within "
        + run.closeTimeoutMillis() + " ms; connection aborted"));
  }

  /** Drops the TCP connection ({@link SocketDrop}) and ends the connection shortly after. */
  private void abort(String why) {
    closeDetail = why;
    SocketDrop.now(ws);
    machine.after(1000, () -> end(Status.COMPLETED, why, null));
  }

  private void onClosed(WebSocket socket) {
    stats.open.decrementAndGet();
    if (socket != ws) {
      return;
    }
    Short code = ws.closeStatusCode();
    Integer closeCode = code == null ? null : (int) code;
    ConnectionState state = machine.state();
    if (state == ConnectionState.CLOSING) {
      end(Status.COMPLETED, closeDetail, closeCode);
      return;
    }
    if (state == ConnectionState.CLOSED) {
      return;
    }
    stats.gatewayClose(closeCode);
    if (reconnector != null && state.sending() && System.nanoTime() < schedule.deadlineNanos()) {
      reconnector.disconnected(closeCode, schedule);
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
    if (machine.state() == ConnectionState.CLOSED) {
      return;
    }
    machine.moveTo(ConnectionState.CLOSED);
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
