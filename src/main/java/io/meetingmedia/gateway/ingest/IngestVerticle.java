package io.meetingmedia.gateway.ingest;

import io.meetingmedia.gateway.auth.AccessLog;
import io.meetingmedia.gateway.auth.Admission;
import io.meetingmedia.gateway.auth.HandshakeGate;
import io.meetingmedia.gateway.auth.HandshakeRequest;
import io.meetingmedia.gateway.auth.HandshakeTimer;
import io.meetingmedia.gateway.auth.IngestServerSecurity;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.VendorRouteConfig;
import io.meetingmedia.gateway.adapter.VendorAdapter;
import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public ingest listener. The vendor is chosen by the request path, never guessed from the content, and every
 * decision (unknown path, refused credentials, shutdown) is made in the handshake handler, before the upgrade, so
 * that no frame of a refused connection is ever read. Upgrades arrive at the request handler and are upgraded with
 * {@code toWebSocket()}, so that the access log can read the status Vert.x actually wrote when an admitted upgrade
 * still fails. Deployed once per event loop; Vert.x shares the port.
 */
public final class IngestVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);

  private final GatewayConfig config;
  private final IngestServices services;
  private final Map<String, Route> routes = new HashMap<>();
  private final Set<WebSocketConnection> connections = new LinkedHashSet<>();
  private HttpServer server;
  private HandshakeTimer handshakeTimer;

  public IngestVerticle(GatewayConfig config, VendorRegistry vendors, IngestServices services) {
    this.config = config;
    this.services = services;
    for (VendorRouteConfig route : config.vendors().values()) {
      if (route.enabled()) {
        VendorAdapter adapter = vendors.find(route.vendor())
            .orElseThrow(() -> new IllegalArgumentException("no adapter for vendor " + route.vendor()));
        Route r = new Route(route, adapter);
        routes.put(route.path(), r);
        // Recall may only accept URLs with a '/' before the query string; take both forms
        routes.put(route.path().endsWith("/") ? route.path().substring(0, route.path().length() - 1)
            : route.path() + "/", r);
      }
    }
  }

  /** @return the HTTP server options derived from the configuration */
  static HttpServerOptions serverOptions(GatewayConfig config, HandshakeGate gate) {
    int max = config.maxMessageBytes();
    return IngestServerSecurity.apply(config, new HttpServerOptions()
        .setHost(config.ingest().host())
        .setPort(config.ingest().port())
        .setMaxWebSocketFrameSize(max)
        .setMaxWebSocketMessageSize(max)
        .setPerMessageWebSocketCompressionSupported(config.ingest().perMessageDeflate())
        .setPerFrameWebSocketCompressionSupported(false)
        .setRegisterWebSocketWriteHandlers(false)
        // after the gateway's 1001 the vendor's data keeps arriving until its close frame: wait as long as a drain
        .setWebSocketClosingTimeout(Math.max(1, config.shutdown().drainTimeoutSeconds()))
        .setTcpNoDelay(true), gate.acceptClock());
  }

  @Override
  public Future<?> start() {
    handshakeTimer = services.gate().handshakeTimer(vertx);
    server = vertx.createHttpServer(serverOptions(config, services.gate()))
        .connectionHandler(handshakeTimer::connected)
        .requestHandler(this::request);
    return server.listen().onSuccess(s -> {
      services.listeningStarted();
      LOG.atInfo().addKeyValue("port", s.actualPort()).addKeyValue("routes", routes.keySet())
          .log("ingest server listening");
    });
  }

  private void request(HttpServerRequest request) {
    if (request.headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
      handshake(request);
    } else {
      plainRequest(request);
    }
  }

  private void handshake(HttpServerRequest request) {
    Route route = routes.get(request.path());
    HandshakeRequest upgrade = HandshakeRequest.of(request, route == null ? null : route.config.vendor());
    // unknown path 404, shutdown 503, credentials 401/403/429, limits 503: see HandshakeGate
    Admission admission = services.gate().admit(upgrade, services.draining());
    if (!admission.accepted()) {
      request.response().setStatusCode(admission.status()).end()
          .onComplete(sent -> AccessLog.handshake(upgrade, admission, sent.succeeded() ? admission.status() : 0));
      return;
    }
    request.toWebSocket().onSuccess(ws -> {
      AccessLog.handshake(upgrade, admission, 101);
      handshakeTimer.upgraded(ws.remoteAddress());
      long upgradedAt = System.nanoTime();
      WebSocketConnection connection = new WebSocketConnection(vertx, ws, route.config, admission.tenant(),
          route.adapter.newSession(), services, c -> {
            connections.remove(c);
            admission.release();
            Short code = ws.closeStatusCode();
            AccessLog.closed(upgrade, admission, code == null ? 1006 : code,
                (System.nanoTime() - upgradedAt) / 1_000_000L);
          });
      connections.add(connection);
      connection.start();
    }).onFailure(err -> {
      // Vert.x has answered the failed upgrade itself (400 without Sec-WebSocket-Key, 405 for a method other than
      // GET, 426 for an unsupported version, ...): log what it wrote
      admission.release();
      services.gate().upgradeFailed();
      HttpServerResponse response = request.response();
      if (!response.headWritten() && !response.closed()) {
        response.setStatusCode(400).end();
      }
      AccessLog.handshake(upgrade, admission, response.headWritten() ? response.getStatusCode() : 0);
    });
  }

  private void plainRequest(HttpServerRequest request) {
    boolean known = routes.containsKey(request.path());
    if (known) {
      services.metrics().handshakeRejected("not_websocket");
    }
    request.response().setStatusCode(known ? 426 : 404)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
    if (known) {
      request.response().putHeader(HttpHeaders.UPGRADE, "websocket");
    }
    // an unknown path gets no list of the routes: that would tell an anonymous caller where to knock (the routes are
    // logged at start-up instead)
    request.response().end(known ? "This route accepts WebSocket connections only (send an Upgrade: websocket request).\n"
            : "Unknown path.\n");
  }

  /**
   * Drains every socket of this instance (each gets 1001 at once, and is read and delivered until the vendor's
   * close frame), then closes the listener.
   */
  @Override
  public Future<?> stop() {
    services.startDraining();
    long timeout = config.shutdown().drainTimeoutSeconds() * 1000L;
    List<Future<Boolean>> drains = new ArrayList<>();
    for (WebSocketConnection c : new ArrayList<>(connections)) {
      drains.add(c.drain(timeout).onSuccess(services::drained));
    }
    return Future.join(drains).eventually(() -> server.close());
  }

  /** @return the open connections of this instance, copied on its event loop */
  Future<List<WebSocketConnection>> connections() {
    Promise<List<WebSocketConnection>> copy = Promise.promise();
    context.runOnContext(v -> copy.complete(List.copyOf(connections)));
    return copy.future();
  }

  private static final class Route {
    final VendorRouteConfig config;
    final VendorAdapter adapter;

    Route(VendorRouteConfig config, VendorAdapter adapter) {
      this.config = config;
      this.adapter = adapter;
    }
  }
}
