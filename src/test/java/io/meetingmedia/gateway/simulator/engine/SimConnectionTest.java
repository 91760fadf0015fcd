package io.meetingmedia.gateway.simulator.engine;

import static io.meetingmedia.gateway.simulator.engine.ConnectionState.AWAITING_PONGS;
import static io.meetingmedia.gateway.simulator.engine.ConnectionState.CLOSED;
import static io.meetingmedia.gateway.simulator.engine.ConnectionState.CLOSING;
import static io.meetingmedia.gateway.simulator.engine.ConnectionState.CONNECTING;
import static io.meetingmedia.gateway.simulator.engine.ConnectionState.OPEN;
import static io.meetingmedia.gateway.simulator.engine.ConnectionState.RECONNECT_WAIT;
import static io.meetingmedia.gateway.simulator.engine.ConnectionState.STALLED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.simulator.engine.ConnectionOutcome.Status;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transitions of {@link SimConnection}'s {@link ConnectionState} machine, against a small WebSocket server in
 * the test that completes normally, refuses the upgrade, closes mid-stream (once, or on every connection), stops
 * reading, or closes while pongs are outstanding.
 */
@Timeout(60)
class SimConnectionTest {
  private static final long MS = 1_000_000L;
  private static Vertx vertx;
  private static HttpServer server;
  private static WebSocketClient client;
  /** Connections accepted per path. */
  private static final Map<String, AtomicInteger> ACCEPTED = new ConcurrentHashMap<>();

  @BeforeAll
  static void startServer() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
        .setMaxWebSocketFrameSize(1 << 20).setMaxWebSocketMessageSize(1 << 20))
        .requestHandler(req -> {
          int n = ACCEPTED.computeIfAbsent(req.path(), k -> new AtomicInteger()).incrementAndGet();
          if (req.path().equals("/refuse") || req.path().equals("/gone") && n > 1) {
            req.response().setStatusCode(404).end();
            return;
          }
          req.toWebSocket().onSuccess(ws -> handle(req.path(), n, ws));
        });
    server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = vertx.createWebSocketClient();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void handle(String path, int connection, ServerWebSocket ws) {
    switch (path) {
      case "/paused" -> ws.pause();
      case "/once", "/gone" -> ws.binaryMessageHandler(b -> {
        if (connection == 1) {
          ws.close((short) 1011, "try again");
        }
      });
      case "/close-on-last" -> ws.binaryMessageHandler(b -> {
        if (b.getByte(0) == 'L') {
          ws.close((short) 1001, "going away");
        }
      });
      default -> ws.binaryMessageHandler(b -> { });
    }
  }

  @Test
  void theTableAllowsOnlyTheDocumentedMoves() {
    for (ConnectionState s : ConnectionState.values()) {
      assertFalse(s.allows(CONNECTING), s + " never goes back to connecting");
      assertEquals(s != CLOSED, s.allows(CLOSED), s + " can always end, except when ended");
    }
    assertEquals(EnumSet.noneOf(ConnectionState.class), allowedFrom(CLOSED));
    assertEquals(EnumSet.of(OPEN, CLOSED), allowedFrom(CONNECTING));
    assertEquals(EnumSet.of(OPEN, CLOSED), allowedFrom(RECONNECT_WAIT));
    assertEquals(EnumSet.of(CLOSING, CLOSED), allowedFrom(AWAITING_PONGS));
    assertFalse(CLOSING.allows(OPEN), "a connection closing by itself does not reconnect");
    assertEquals(EnumSet.of(OPEN, STALLED), EnumSet.copyOf(List.of(ConnectionState.values()).stream()
        .filter(ConnectionState::sending).toList()));
  }

  @Test
  void aNormalRunOpensSendsWaitsForPongsClosesAndEnds() throws Exception {
    Run run = run("/ok", settings(5, 100, null), 20, false);
    ConnectionOutcome outcome = run.outcome();
    assertEquals(Status.COMPLETED, outcome.status(), outcome.detail());
    assertEquals(List.of("CONNECTING>OPEN", "OPEN>AWAITING_PONGS", "AWAITING_PONGS>CLOSING", "CLOSING>CLOSED"),
        run.transitions);
    assertEquals(5 + 1, outcome.messages(), "the opening message and the five frames");
    assertEquals(1000, outcome.closeCode(), "the gateway echoed our close");
  }

  @Test
  void aRefusedUpgradeEndsWithoutOpening() throws Exception {
    Run run = run("/refuse", settings(5, 100, null), 20, false);
    assertEquals(Status.CONNECT_FAILED, run.outcome().status());
    assertEquals(List.of("CONNECTING>CLOSED"), run.transitions);
  }

  @Test
  void aCloseMidStreamWaitsReconnectsAndRecordsTheIncident() throws Exception {
    SimStats stats = new SimStats();
    Run run = run("/once", settings(20, 400, new ReconnectPolicy(50, 5)), 20, false, stats);
    ConnectionOutcome outcome = run.outcome();
    assertEquals(Status.COMPLETED, outcome.status(), outcome.detail());
    assertEquals(List.of("CONNECTING>OPEN", "OPEN>RECONNECT_WAIT", "RECONNECT_WAIT>OPEN", "OPEN>AWAITING_PONGS",
        "AWAITING_PONGS>CLOSING", "CLOSING>CLOSED"), run.transitions);
    assertEquals(1, stats.reconnects().incidents().size());
    assertEquals(1011, stats.reconnects().incidents().get(0).closeCode());
  }

  @Test
  void aReconnectThatNeverSucceedsGivesUpAfterItsAttempts() throws Exception {
    SimStats stats = new SimStats();
    Run run = run("/gone", settings(50, 5000, new ReconnectPolicy(20, 3)), 20, false, stats);
    ConnectionOutcome outcome = run.outcome();
    assertEquals(Status.CLOSED_BY_GATEWAY, outcome.status());
    assertTrue(outcome.detail().contains("gave up after 3 attempts"), outcome.detail());
    assertEquals(List.of("CONNECTING>OPEN", "OPEN>RECONNECT_WAIT", "RECONNECT_WAIT>CLOSED"), run.transitions);
    assertEquals(1, stats.reconnects().toJson().getLong("gaveUp"));
  }

  @Test
  void aGatewayThatStopsReadingStallsTheConnectionUntilTheDeadline() throws Exception {
    // 256 KB every millisecond for 300 ms overflows a 64 KB write queue and the socket buffers behind it
    RunSettings settings = new RunSettings(0, 300 * MS, 0, 1000, 64 << 10, 0, 200 * MS, 200, null);
    Run run = run("/paused", settings, 1, false, new SimStats(), 256 << 10);
    ConnectionOutcome outcome = run.outcome();
    assertEquals(Status.COMPLETED, outcome.status());
    assertTrue(outcome.detail().contains("close handshake did not finish"), outcome.detail());
    assertTrue(outcome.unsent() > 0, "the stalled connection could not send everything");
    List<String> t = run.transitions;
    assertEquals("CONNECTING>OPEN", t.get(0));
    assertTrue(t.contains("OPEN>STALLED"), t.toString());
    // early stalls may end in a drain while the socket buffers still take data; the last one lasts to the deadline
    assertEquals(List.of("STALLED>AWAITING_PONGS", "AWAITING_PONGS>CLOSING", "CLOSING>CLOSED"),
        t.subList(t.size() - 3, t.size()));
    assertTrue(t.subList(1, t.size() - 3).stream().allMatch(s -> s.equals("OPEN>STALLED") || s.equals("STALLED>OPEN")),
        t.toString());
  }

  @Test
  void aCloseWhileWaitingForPongsEndsAtOnceAndCancelsThePongWait() throws Exception {
    // the pong wait would last 20 s; the gateway closes right after the last frame
    RunSettings settings = new RunSettings(3, 60 * MS, 2000 * MS, 1000, 1 << 20, 0, 20_000 * MS, 2000, null);
    long started = System.nanoTime();
    Run run = run("/close-on-last", settings, 20, true);
    ConnectionOutcome outcome = run.outcome();
    assertEquals(Status.CLOSED_BY_GATEWAY, outcome.status());
    assertEquals(1001, outcome.closeCode());
    assertEquals(1, outcome.pongsMissing());
    assertTrue(System.nanoTime() - started < 10_000 * MS, "ended by the close, not by the pong timeout");
    assertEquals(List.of("CONNECTING>OPEN", "OPEN>AWAITING_PONGS", "AWAITING_PONGS>CLOSED"), run.transitions);
    // a pong poll left running would try to close the ended connection: that is no transition, and would show
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
        .until(() -> run.transitions.size() == 3 && run.connection.state() == CLOSED);
  }

  private static EnumSet<ConnectionState> allowedFrom(ConnectionState from) {
    EnumSet<ConnectionState> allowed = EnumSet.noneOf(ConnectionState.class);
    for (ConnectionState to : ConnectionState.values()) {
      if (from.allows(to)) {
        allowed.add(to);
      }
    }
    return allowed;
  }

  /** {@code frames} primary messages over {@code millis} ms, two seconds to catch up, pongs awaited 200 ms. */
  private static RunSettings settings(long frames, long millis, ReconnectPolicy reconnect) {
    return new RunSettings(frames, millis * MS, 2000 * MS, 1000, 1 << 20, 0, 200 * MS, 2000, reconnect);
  }

  private static Run run(String path, RunSettings settings, long periodMillis, boolean pendingPing)
      throws Exception {
    return run(path, settings, periodMillis, pendingPing, new SimStats());
  }

  private static Run run(String path, RunSettings settings, long periodMillis, boolean pendingPing, SimStats stats)
      throws Exception {
    return run(path, settings, periodMillis, pendingPing, stats, 16);
  }

  private static Run run(String path, RunSettings settings, long periodMillis, boolean pendingPing, SimStats stats,
      int frameBytes) throws Exception {
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(server.actualPort()).setURI(path);
    TestScript script = new TestScript(stats, settings, periodMillis * MS, pendingPing, frameBytes);
    SimConnection connection = new SimConnection(vertx, client, connect, script, settings, stats, null,
        new EpochClock(), 0);
    List<String> transitions = new CopyOnWriteArrayList<>();
    connection.onTransition((from, to) -> transitions.add(from + ">" + to));
    vertx.getOrCreateContext().runOnContext(v -> connection.start());
    ConnectionOutcome outcome = connection.outcome().toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    return new Run(connection, transitions, outcome);
  }

  private record Run(SimConnection connection, List<String> transitions, ConnectionOutcome outcome) {
  }

  /** One primary binary stream; the last frame starts with 'L'; optionally one ping that is never answered. */
  private static final class TestScript implements ConnectionScript {
    private final PongLedger pongs;
    private final boolean pendingPing;
    private final long periodNanos;
    private final long frames;
    private final int frameBytes;

    TestScript(SimStats stats, RunSettings settings, long periodNanos, boolean pendingPing, int frameBytes) {
      this.pongs = new PongLedger(stats, settings.pongTimeoutNanos());
      this.pendingPing = pendingPing;
      this.periodNanos = periodNanos;
      this.frames = settings.frames();
      this.frameBytes = frameBytes;
    }

    @Override
    public String botId() {
      return "bot-test";
    }

    @Override
    public String label() {
      return "test";
    }

    @Override
    public List<OutMessage> opening(SendContext context) {
      if (pendingPing) {
        pongs.pingSent(1, context.epochMicros() / 1000, System.nanoTime());
      }
      return List.of(OutMessage.controlText("{\"type\":\"hello\"}"));
    }

    @Override
    public List<StreamSpec> streams() {
      return List.of(new StreamSpec("video", periodNanos, true, 0, (index, context) -> {
        byte[] frame = new byte[frameBytes];
        frame[0] = (byte) (frames > 0 && index == frames - 1 ? 'L' : 'F');
        return OutMessage.media(false, Unpooled.wrappedBuffer(frame), MediaKind.VIDEO_FRAME, "p1", "webcam",
            frame.length);
      }));
    }

    @Override
    public List<OutMessage> closing(SendContext context) {
      return new ArrayList<>();
    }

    @Override
    public PongLedger pongs() {
      return pongs;
    }
  }
}
