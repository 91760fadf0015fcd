package io.meetingmedia.gateway.ingest;

import io.meetingmedia.gateway.auth.Admission;
import io.meetingmedia.gateway.auth.HandshakeRequest;
import io.meetingmedia.gateway.auth.HandshakeTimer;
import io.meetingmedia.gateway.auth.IngestServerSecurity;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.VendorRouteConfig;
import io.meetingmedia.gateway.adapter.VendorAdapter;
import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocketHandshake;
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
 * that no frame of a refused connection is ever read. Deployed once per event loop; Vert.x shares the port.
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
  static HttpServerOptions serverOptions(GatewayConfig config) {
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
        .setTcpNoDelay(true));
  }

  @Override
  public Future<?> start() {
    handshakeTimer = services.gate().handshakeTimer(vertx);
    server = vertx.createHttpServer(serverOptions(config))
        .connectionHandler(handshakeTimer::connected)
        .webSocketHandshakeHandler(this::handshake)
        .requestHandler(this::plainRequest);
    return server.listen().onSuccess(s -> {
      services.listeningStarted();
      LOG.atInfo().addKeyValue("port", s.actualPort()).addKeyValue("routes", routes.keySet())
          .log("ingest server listening");
    });
  }

  private void handshake(ServerWebSocketHandshake handshake) {
    Route route = routes.get(handshake.path());
    // unknown path 404, shutdown 503, credentials 401/403/429, limits 503: see HandshakeGate
    Admission admission = services.gate().admit(HandshakeRequest.of(handshake,
        route == null ? null : route.config.vendor()), services.draining());
    if (!admission.accepted()) {
      handshake.reject(admission.status());
      return;
    }
    String tenant = admission.tenant();
    handshake.accept().onSuccess(ws -> {
      handshakeTimer.upgraded(ws.remoteAddress());
      WebSocketConnection connection = new WebSocketConnection(vertx, ws, route.config, tenant,
          route.adapter.newSession(), services, c -> {
            connections.remove(c);
            admission.release();
          });
      connections.add(connection);
      connection.start();
    }).onFailure(err -> admission.release());
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
    request.response().end(known ? "This route accepts WebSocket connections only (send an Upgrade: websocket request).\n"
            : "Unknown path. Ingest routes: " + String.join(", ", routePaths()) + "\n");
  }

  private List<String> routePaths() {
    List<String> paths = new ArrayList<>();
    for (VendorRouteConfig r : config.vendors().values()) {
      if (r.enabled()) {
        paths.add(r.path());
      }
    }
    return paths;
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

  private static final class Route {
    final VendorRouteConfig config;
    final VendorAdapter adapter;

    Route(VendorRouteConfig config, VendorAdapter adapter) {
      this.config = config;
      this.adapter = adapter;
    }
  }
}
