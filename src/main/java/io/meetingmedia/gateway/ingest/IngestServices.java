package io.meetingmedia.gateway.ingest;

import io.meetingmedia.gateway.auth.HandshakeGate;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.metrics.GatewayMetrics;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What all ingest verticle instances share: configuration, the gateway-wide in-flight budget, metrics, and the
 * lifecycle flags readiness is computed from.
 */
public final class IngestServices {
  private final GatewayConfig config;
  private final InFlightBudget budget;
  private final GatewayMetrics metrics;
  private final LogThrottle logThrottle = new LogThrottle(1000);
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicInteger listening = new AtomicInteger();
  private final AtomicBoolean drainIncomplete = new AtomicBoolean();
  private final ReadStates readStates = new ReadStates();
  private final HandshakeGate gate;

  /**
   * @param config  the configuration
   * @param metrics meters
   */
  public IngestServices(GatewayConfig config, GatewayMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.budget = new InFlightBudget(config.delivery().gatewayInFlightBytes(),
        () -> ReadGate.RESERVE_FACTOR * readStates.readPendingBytes());
    metrics.inFlightBytes(budget::used);
    metrics.inFlightLimitBytes(config.delivery().gatewayInFlightBytes());
    metrics.readPendingBytes(readStates::readPendingBytes);
    metrics.budgetWaiters(budget::waiting);
    for (String state : ReadStates.names()) {
      metrics.socketsInReadState(state, () -> readStates.count(state));
    }
    this.gate = new HandshakeGate(config, metrics);
  }

  /** @return the authentication and connection-limit gate every upgrade passes */
  public HandshakeGate gate() {
    return gate;
  }

  public GatewayConfig config() {
    return config;
  }

  public InFlightBudget budget() {
    return budget;
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  ReadStates readStates() {
    return readStates;
  }

  /** Records the outcome of one socket's drain at shutdown. */
  void drained(boolean complete) {
    if (!complete) {
      drainIncomplete.set(true);
    }
  }

  /**
   * @return true unless a socket's drain timed out with records read from it still unacknowledged: what a clean
   *     shutdown's exit code reports
   */
  public boolean drainComplete() {
    return !drainIncomplete.get();
  }

  LogThrottle logThrottle() {
    return logThrottle;
  }

  /** Stops accepting new upgrades; open sockets are drained by their verticles. */
  public void startDraining() {
    draining.set(true);
  }

  /** @return true once shutdown has begun */
  public boolean draining() {
    return draining.get();
  }

  void listeningStarted() {
    listening.incrementAndGet();
  }

  /** @return true when every ingest instance listens and no shutdown has begun */
  public boolean accepting(int expectedInstances) {
    return !draining.get() && listening.get() >= expectedInstances;
  }
}
