package io.meetingmedia.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.metrics.GatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The read flow on one event loop: bytes are charged as read, reading stops when a budget is spent, and freed room
 * goes to waiting sockets in arrival order, only as far as it reaches.
 */
@ExtendWith(VertxExtension.class)
class ReadGateTest {
  static final long MIB = 1024 * 1024;

  /** A socket whose reading is observed instead of a Netty channel. */
  static final class FakeSocket implements ReadSwitch {
    boolean reading = true;

    @Override
    public void on() {
      reading = true;
    }

    @Override
    public void off() {
      reading = false;
    }
  }

  private static <T> T onContext(Context ctx, java.util.concurrent.Callable<T> body) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    ctx.runOnContext(v -> {
      try {
        result.complete(body.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(10, TimeUnit.SECONDS);
  }

  private static ReadGate gate(Context ctx, FakeSocket socket, InFlightBudget budget, long connectionLimit,
      ReadStates states) {
    return new ReadGate(ctx, socket, budget, connectionLimit, new GatewayMetrics(new SimpleMeterRegistry()), states,
        "recall", () -> { });
  }

  @Test
  void connectionBudgetStopsReadingAndAcknowledgementResumesIt(Vertx vertx) throws Exception {
    Context ctx = vertx.getOrCreateContext();
    InFlightBudget budget = new InFlightBudget(100 * MIB);
    FakeSocket socket = new FakeSocket();
    ReadStates states = new ReadStates();
    ReadGate gate = onContext(ctx, () -> gate(ctx, socket, budget, 4 * MIB, states));
    onContext(ctx, () -> {
      gate.read(3 * MIB);
      assertTrue(socket.reading, "within the connection budget");
      gate.read(2 * MIB);
      assertFalse(socket.reading, "spent: reading stops where the bytes enter");
      assertEquals(ReadGate.State.PAUSED, gate.state());
      assertEquals(5 * MIB, budget.used(), "every byte read is charged to the gateway too");
      assertEquals(5 * MIB, states.readPendingBytes(), "read, not yet a message");
      long message = gate.takeUnassigned();
      assertEquals(5 * MIB, message);
      assertEquals(0, states.readPendingBytes());
      gate.release(message);
      assertTrue(socket.reading, "acknowledged: reading resumes");
      assertEquals(0, budget.used());
      assertEquals(1, states.count("reading"));
      return null;
    });
  }

  @Test
  void freedRoomGoesToWaitersInArrivalOrderOnlyAsFarAsItReaches(Vertx vertx, VertxTestContext test)
      throws Exception {
    Context ctx = vertx.getOrCreateContext();
    InFlightBudget budget = new InFlightBudget(1 * MIB);
    ReadStates states = new ReadStates();
    List<FakeSocket> sockets = new ArrayList<>();
    List<ReadGate> gates = new ArrayList<>();
    onContext(ctx, () -> {
      for (int i = 0; i < 4; i++) {
        FakeSocket s = new FakeSocket();
        sockets.add(s);
        ReadGate g = gate(ctx, s, budget, 64 * MIB, states);
        g.messageSize(300 * 1024);
        gates.add(g);
      }
      // socket 0 fills the gateway budget and queues first; the others read a little, then queue behind it
      gates.get(0).read(1 * MIB);
      for (int i = 1; i < 4; i++) {
        gates.get(i).read(1);
      }
      for (int i = 0; i < 4; i++) {
        assertFalse(sockets.get(i).reading, "socket " + i + " stopped");
      }
      assertEquals(4, budget.waiting());
      return null;
    });
    // 700 KiB freed: room for two grants of 300 KiB, to the first two in line (0 and 1), not to everybody
    onContext(ctx, () -> {
      gates.get(0).release(700 * 1024);
      return null;
    });
    // grants run on the context after the release
    onContext(ctx, () -> {
      assertTrue(sockets.get(0).reading && sockets.get(1).reading, "the first two waiters resume");
      assertFalse(sockets.get(2).reading || sockets.get(3).reading, "the others wait: the freed bytes do not reach");
      assertEquals(2, budget.waiting());
      assertTrue(budget.used() <= budget.limit() + 3, "no overshoot: " + budget.used());
      return null;
    });
    test.completeNow();
  }

  @Test
  void closedSocketReturnsWhatItHeldAndLeavesTheQueue(Vertx vertx) throws Exception {
    Context ctx = vertx.getOrCreateContext();
    InFlightBudget budget = new InFlightBudget(1 * MIB);
    ReadStates states = new ReadStates();
    FakeSocket a = new FakeSocket();
    FakeSocket b = new FakeSocket();
    ReadGate ga = onContext(ctx, () -> gate(ctx, a, budget, 64 * MIB, states));
    ReadGate gb = onContext(ctx, () -> gate(ctx, b, budget, 64 * MIB, states));
    onContext(ctx, () -> {
      ga.read(2 * MIB);
      gb.read(10);
      assertEquals(2, budget.waiting());
      // a closes in the middle of a message: the partial message is given back and b, next in line, gets the room
      ga.closed();
      assertEquals(0, budget.waiting());
      return null;
    });
    onContext(ctx, () -> {
      assertTrue(b.reading, "the room a gave back went to b");
      gb.release(gb.takeUnassigned());
      gb.closed();
      gb.finished();
      ga.finished();
      return null;
    });
    onContext(ctx, () -> {
      assertEquals(0, budget.used(), "everything charged was released");
      for (String s : ReadStates.names()) {
        assertEquals(0, states.count(s), "no socket counted in " + s);
      }
      return null;
    });
  }
}
