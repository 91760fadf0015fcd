package io.meetingmedia.gateway.simulator.engine;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;

/**
 * Owns a share of the connections on one event loop. A run deploys one instance per event-loop thread, so the
 * connections spread over the threads while each connection stays on a single thread for its whole life.
 */
public final class LoadVerticle extends VerticleBase {
  private final List<SimConnection> connections;

  public LoadVerticle(List<SimConnection> connections) {
    this.connections = List.copyOf(connections);
  }

  @Override
  public Future<?> start() {
    connections.forEach(SimConnection::start);
    return Future.succeededFuture();
  }
}
