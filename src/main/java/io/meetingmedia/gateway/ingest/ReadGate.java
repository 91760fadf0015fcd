package io.meetingmedia.gateway.ingest;

import io.meetingmedia.gateway.metrics.GatewayMetrics;
import io.vertx.core.Context;

/**
 * Decides when one socket is read. Every byte read is charged at once against the connection's budget and the
 * gateway's ({@link InFlightBudget}), and given back when Kafka has acknowledged what was made of it. When either
 * budget is spent, reading stops at the socket ({@link ReadSwitch}), even in the middle of a frame: a paused socket
 * holds at most one network read beyond its budget, and TCP's window holds the rest at the vendor. Confined to the
 * connection's event loop.
 *
 * <p>A byte read is charged {@link #RESERVE_FACTOR} times: once as read, once in advance for the record it becomes
 * (the decoded payload and the producer's copy of it are what stays on the heap until Kafka acknowledges). Charging
 * the record only when the message completes let every socket that was reading when the budget ran out add a whole
 * record on top: a stampede of 150 sockets with 2 MB frames held three times the budget. With the reservation the
 * budget binds before the record exists; {@link MessageCharge} trues it up once the records are known.
 *
 * <p>Neither budget may stall a socket on its own partial message: a socket pauses for its connection budget only
 * when something besides the message it is reading is in flight, and the gateway budget admits the first waiter when
 * everything it holds is partial messages (see {@link InFlightBudget}), since nothing would ever be released
 * otherwise. A message is bounded by the route's {@code maxMessageBytes} in any case.
 */
final class ReadGate implements InFlightBudget.Waiter {
  /** Smallest grant asked of the gateway budget, so tiny messages do not make a socket queue per frame. */
  static final long MIN_WANTED = 64 * 1024;
  /** Each byte read is charged this many times: as read, and in advance for the record it becomes. */
  static final int RESERVE_FACTOR = 2;

  /** Where reading stands. */
  enum State {
    /** Reading, within both budgets. */
    READING,
    /**
     * Reading past a spent gateway budget until the message it holds is complete: the budget held nothing but
     * partial messages and let this one socket finish its own.
     */
    FINISHING,
    /** Not reading: the connection's own budget is spent. */
    PAUSED,
    /** Not reading: queued for the gateway budget. */
    WAITING,
    /** Reading without accounting: the gateway closed the socket and discards what still arrives. */
    DISCARDING,
    /** The socket is closed. */
    STOPPED
  }

  private final Context context;
  private final ReadSwitch socket;
  private final InFlightBudget gateway;
  private final long connectionLimit;
  private final GatewayMetrics metrics;
  private final ReadStates states;
  private final String vendor;
  private final Runnable onResume;
  private State state = State.READING;
  private long inFlight;
  /** Read and not yet claimed by a complete message; volatile because the budget asks from other event loops. */
  private volatile long unassigned;
  private long grant;
  private long wanted = MIN_WANTED;
  private long pausedSince;

  /**
   * @param onResume runs each time reading resumes (the vendor gets a fresh idle window)
   */
  ReadGate(Context context, ReadSwitch socket, InFlightBudget gateway, long connectionLimit, GatewayMetrics metrics,
      ReadStates states, String vendor, Runnable onResume) {
    this.context = context;
    this.socket = socket;
    this.gateway = gateway;
    this.connectionLimit = connectionLimit;
    this.metrics = metrics;
    this.states = states;
    this.vendor = vendor;
    this.onResume = onResume;
    states.entered(State.READING);
  }

  /**
   * Counts bytes just read from the socket, with their reservation; they stay unassigned until a complete message
   * claims them ({@link #takeUnassigned()}). Bytes read while discarding are not counted.
   */
  void read(long bytes) {
    if (state == State.DISCARDING || state == State.STOPPED) {
      return;
    }
    unassigned += bytes;
    states.readPending(bytes);
    charge(RESERVE_FACTOR * bytes);
  }

  /**
   * @return the bytes read since the last call: the message just completed is charged {@link #RESERVE_FACTOR} times
   *     as much (see {@link MessageCharge})
   */
  long takeUnassigned() {
    long bytes = unassigned;
    unassigned = 0;
    states.readPending(-bytes);
    return bytes;
  }

  /** Counts bytes made of what was read (records); stops reading when a budget is spent. */
  void charge(long bytes) {
    inFlight += bytes;
    long fromGrant = Math.min(grant, bytes);
    grant -= fromGrant;
    if (bytes > fromGrant) {
      gateway.charge(bytes - fromGrant);
    }
    if (state != State.READING) {
      return;
    }
    if (ownBudgetSpent()) {
      pause(State.PAUSED);
    } else if (grant == 0 && !gateway.admits()) {
      pause(State.WAITING);
    }
  }

  /** Gives back bytes Kafka acknowledged (or failed); reading resumes when both budgets have room. */
  void release(long bytes) {
    inFlight -= bytes;
    gateway.release(bytes);
    if (state == State.PAUSED && !ownBudgetSpent()) {
      if (gateway.admits()) {
        resume(State.READING);
      } else {
        move(State.WAITING);
        gateway.await(this);
      }
    }
  }

  /**
   * A message is complete: its size is what this socket asks for when it queues next. A message boundary is where
   * a socket yields: when the gateway budget is spent or others wait for it, the socket gives back what is left of
   * its grant and queues behind them. Without this, a socket let through to finish one partial message would read on
   * into the next, and partial messages on many sockets could add up to far more than the budget.
   */
  void messageRead(long bytes) {
    wanted = Math.max(MIN_WANTED, Math.min(RESERVE_FACTOR * bytes, connectionLimit));
    if (state == State.FINISHING) {
      move(State.READING);
    }
    if (state == State.READING && !gateway.admits()) {
      pause(ownBudgetSpent() ? State.PAUSED : State.WAITING);
    }
  }

  /** The gateway closes the socket: what still arrives is read (so the close completes) but neither kept nor counted. */
  void discardRest() {
    if (state == State.STOPPED || state == State.DISCARDING) {
      return;
    }
    release(RESERVE_FACTOR * takeUnassigned());
    leave();
    move(State.DISCARDING);
    socket.on();
  }

  /** The socket is closed: nothing is read any more; bytes in flight are still released as they are acknowledged. */
  void closed() {
    if (state == State.STOPPED) {
      return;
    }
    // a message still being read never completed: there is nothing of it to deliver
    release(RESERVE_FACTOR * takeUnassigned());
    leave();
    move(State.STOPPED);
  }

  /** The connection is finished: it no longer counts in any state. */
  void finished() {
    closed();
    states.left(State.STOPPED);
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public long wanted() {
    return wanted;
  }

  @Override
  public void granted(long bytes, boolean toFinish) {
    if (state != State.WAITING) {
      gateway.release(bytes);
      return;
    }
    grant += bytes;
    if (ownBudgetSpent()) {
      giveBackGrant();
      move(State.PAUSED);
    } else {
      resume(toFinish ? State.FINISHING : State.READING);
    }
  }

  @Override
  public boolean holdsPartialMessage() {
    return unassigned > 0;
  }

  /** @return bytes read on this connection and not yet acknowledged */
  long inFlight() {
    return inFlight;
  }

  /** @return true while the gateway does not read this socket because of back-pressure */
  boolean paused() {
    return state == State.PAUSED || state == State.WAITING;
  }

  State state() {
    return state;
  }

  /** @return true when the connection budget is spent by more than the message being read */
  private boolean ownBudgetSpent() {
    return inFlight >= connectionLimit && inFlight > RESERVE_FACTOR * unassigned;
  }

  private void pause(State to) {
    socket.off();
    pausedSince = System.nanoTime();
    giveBackGrant();
    move(to);
    if (to == State.WAITING) {
      gateway.await(this);
    }
  }

  private void resume(State to) {
    metrics.pausedNanos(vendor, System.nanoTime() - pausedSince);
    move(to);
    onResume.run();
    socket.on();
  }

  /** Leaves a paused state for good: stops waiting, counts the pause, returns the grant. */
  private void leave() {
    if (state == State.WAITING) {
      gateway.cancel(this);
    }
    if (paused()) {
      metrics.pausedNanos(vendor, System.nanoTime() - pausedSince);
    }
    giveBackGrant();
  }

  private void giveBackGrant() {
    if (grant > 0) {
      long g = grant;
      grant = 0;
      gateway.release(g);
    }
  }

  private void move(State to) {
    states.left(state);
    state = to;
    states.entered(to);
  }
}
