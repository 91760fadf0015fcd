package io.meetingmedia.gateway.http;

import io.meetingmedia.gateway.config.ManagementConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private management listener: liveness, readiness and Prometheus metrics, on a port that is never exposed
 * through the ingress. Liveness only says the event loops answer; readiness also needs the ingest listener and
 * Kafka, and turns false first thing on shutdown so that no new vendor connection is routed here.
 */
public final class ManagementVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ManagementVerticle.class);
  private final ManagementConfig config;
  private final Map<String, BooleanSupplier> readinessChecks;
  private final PrometheusMeterRegistry registry;
  private HttpServer server;

  /**
   * @param config          listener settings
   * @param readinessChecks named checks that must all be true for readiness
   * @param registry        registry to scrape at {@code /metrics}
   */
  public ManagementVerticle(ManagementConfig config, Map<String, BooleanSupplier> readinessChecks,
      PrometheusMeterRegistry registry) {
    this.config = config;
    this.readinessChecks = readinessChecks;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape()));
    server = vertx.createHttpServer();
    return server.requestHandler(router).listen(config.port(), config.host())
        .onSuccess(s -> LOG.atInfo().addKeyValue("port", s.actualPort()).log("management server listening"));
  }

  private void ready(RoutingContext ctx) {
    JsonObject checks = new JsonObject();
    boolean up = true;
    for (Map.Entry<String, BooleanSupplier> check : readinessChecks.entrySet()) {
      boolean ok = check.getValue().getAsBoolean();
      checks.put(check.getKey(), ok ? "UP" : "DOWN");
      up &= ok;
    }
    json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.encode());
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
