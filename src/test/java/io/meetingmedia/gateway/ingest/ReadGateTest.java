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

  /** A gateway budget of 1 MiB shared by sockets on one event loop, wired as {@code IngestServices} wires it. */
  private static final class SharedBudget {
    final Context ctx;
    final ReadStates states = new ReadStates();
    final InFlightBudget budget = new InFlightBudget(1 * MIB, () -> ReadGate.RESERVE_FACTOR * states.readPendingBytes());

    SharedBudget(Vertx vertx) {
      ctx = vertx.getOrCreateContext();
    }

    /** @return a new socket on this budget, with a connection budget too large to matter */
    Reader socket() throws Exception {
      FakeSocket socket = new FakeSocket();
      return new Reader(socket, onContext(ctx, () -> gate(ctx, socket, budget, 64 * MIB, states)));
    }

    void run(Runnable body) throws Exception {
      onContext(ctx, () -> {
        body.run();
        return null;
      });
    }
  }

  /** One socket and its gate. */
  private record Reader(FakeSocket socket, ReadGate gate) {
    boolean reading() {
      return socket.reading;
    }
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
      gate.read(1 * MIB);
      assertTrue(socket.reading, "within the connection budget");
      long first = gate.takeUnassigned();
      assertEquals(1 * MIB, first, "a complete message claims what was read");
      gate.read(1 * MIB);
      assertFalse(socket.reading, "spent: reading stops where the bytes enter");
      assertEquals(ReadGate.State.PAUSED, gate.state());
      assertEquals(4 * MIB, budget.used(), "every byte read is charged to the gateway too, with its record's reserve");
      assertEquals(1 * MIB, states.readPendingBytes(), "read, not yet a message");
      gate.release(ReadGate.RESERVE_FACTOR * first);
      assertTrue(socket.reading, "the first message acknowledged: reading resumes");
      assertEquals(2 * MIB, budget.used());
      assertEquals(1, states.count("reading"));
      return null;
    });
  }

  @Test
  void aMessageLargerThanTheConnectionBudgetIsReadToItsEnd(Vertx vertx) throws Exception {
    Context ctx = vertx.getOrCreateContext();
    InFlightBudget budget = new InFlightBudget(100 * MIB);
    FakeSocket socket = new FakeSocket();
    ReadGate gate = onContext(ctx, () -> gate(ctx, socket, budget, 4 * MIB, new ReadStates()));
    onContext(ctx, () -> {
      gate.read(3 * MIB);
      gate.read(2 * MIB);
      assertTrue(socket.reading, "nothing else of this socket is in flight: pausing would stall it for ever");
      assertEquals(ReadGate.State.READING, gate.state());
      return null;
    });
  }

  @Test
  void aSocketYieldsAtItsNextMessageBoundaryWhenTheBudgetIsSpent(Vertx vertx) throws Exception {
    SharedBudget g = new SharedBudget(vertx);
    Reader a = g.socket();
    Reader b = g.socket();
    g.run(() -> {
      a.gate().read(300 * 1024);
      b.gate().read(300 * 1024);
    });
    g.run(() -> {
      // b spent the budget on a partial message and, as nothing but partial messages is held, was let through
      assertTrue(b.reading(), "partial messages never hold each other up");
      a.gate().messageRead(a.gate().takeUnassigned());
      assertFalse(a.reading(), "a completed its message with the budget spent: it stops before its next message");
      assertEquals(ReadGate.State.WAITING, a.gate().state());
      assertEquals(1, g.budget.waiting());
    });
  }

  @Test
  void aBudgetHoldingOnlyPartialMessagesLetsOneFinishNeverStartsANewOne(Vertx vertx) throws Exception {
    SharedBudget g = new SharedBudget(vertx);
    Reader b = g.socket();
    Reader c = g.socket();
    g.run(() -> {
      c.gate().read(500 * 1000);
      b.gate().read(100 * 1024);
    });
    g.run(() -> {
      assertTrue(b.reading(), "nothing but partial messages held: b, holding one, was let through to finish it");
      b.gate().messageRead(b.gate().takeUnassigned());
      assertFalse(b.reading(), "b finished its message and queues before starting the next");
      c.gate().read(1);
      assertEquals(2, g.budget.waiting(), "b, then c");
      b.gate().release(ReadGate.RESERVE_FACTOR * 100 * 1024);
    });
    g.run(() -> {
      // b's record acknowledged: only c's partial message is held. b is first in line but would start a new message
      assertTrue(c.reading(), "c, holding a partial message, is let through to finish it");
      assertEquals(ReadGate.State.FINISHING, c.gate().state());
      c.gate().read(2 * MIB);
      assertTrue(c.reading(), "it reads past its grant until the message is complete");
      c.gate().messageRead(c.gate().takeUnassigned());
      assertFalse(c.reading(), "message complete: c queues again");
      assertFalse(b.reading(), "b waits for room: letting it start a message would add partial messages without end");
      assertEquals(2, g.budget.waiting());
    });
  }

  @Test
  void freedRoomGoesToWaitersInArrivalOrderOnlyAsFarAsItReaches(Vertx vertx, VertxTestContext test)
      throws Exception {
    Context ctx = vertx.getOrCreateContext();
    ReadStates states = new ReadStates();
    InFlightBudget budget = new InFlightBudget(1 * MIB, () -> ReadGate.RESERVE_FACTOR * states.readPendingBytes());
    List<FakeSocket> sockets = new ArrayList<>();
    List<ReadGate> gates = new ArrayList<>();
    onContext(ctx, () -> {
      for (int i = 0; i < 4; i++) {
        FakeSocket s = new FakeSocket();
        sockets.add(s);
        ReadGate g = gate(ctx, s, budget, 64 * MIB, states);
        g.messageRead(150 * 1024);
        gates.add(g);
      }
      // socket 0 fills the gateway budget (a message, then half of the next) and queues first; the others read a
      // little, then queue behind it
      gates.get(0).read(256 * 1024);
      gates.get(0).takeUnassigned();
      gates.get(0).read(256 * 1024);
      for (int i = 1; i < 4; i++) {
        gates.get(i).read(1);
      }
      for (int i = 0; i < 4; i++) {
        assertFalse(sockets.get(i).reading, "socket " + i + " stopped");
      }
      assertEquals(4, budget.waiting());
      return null;
    });
    // 700 KiB freed: room for two grants of 300 KiB (a 150 KiB message and its record), to the first two in line
    // (0 and 1), not to everybody
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
    SharedBudget g = new SharedBudget(vertx);
    Reader a = g.socket();
    Reader b = g.socket();
    g.run(() -> {
      a.gate().read(2 * MIB);
      // the budget holds nothing but a's partial message: a is let through at once, or it would never finish
      assertEquals(0, g.budget.waiting());
      b.gate().read(10);
      assertEquals(1, g.budget.waiting(), "b waits behind a's grant");
      // a closes in the middle of a message: the partial message is given back and b, next in line, gets the room
      a.gate().closed();
      assertEquals(0, g.budget.waiting());
    });
    g.run(() -> {
      assertTrue(b.reading(), "the room a gave back went to b");
      b.gate().release(ReadGate.RESERVE_FACTOR * b.gate().takeUnassigned());
      b.gate().closed();
      b.gate().finished();
      a.gate().finished();
    });
    g.run(() -> {
      assertEquals(0, g.budget.used(), "everything charged was released");
      for (String s : ReadStates.names()) {
        assertEquals(0, g.states.count(s), "no socket counted in " + s);
      }
    });
  }
}
