package io.meetingmedia.gateway.view;

import io.meetingmedia.gateway.auth.HandshakeRequest;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.ViewConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view server on {@code view.port}: the page {@code /view/} (static HTML, CSS and JavaScript from the
 * classpath folder {@code view/}), {@code GET /view/session} to check a token, and the egress WebSocket
 * {@code /view/ws} that pushes, per browser, a JSON message per bot change and a binary message per frame read
 * back from Kafka (see {@link FrameMessage} and {@link ViewerSession} for the format and the memory bound).
 * Authentication happens in the handshake, before the upgrade. One instance; every viewer lives on its event loop.
 */
public final class ViewVerticle extends AbstractVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(ViewVerticle.class);
  /** Path of the egress WebSocket. */
  public static final String WS_PATH = "/view/ws";
  private static final String CSP = "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
      + "connect-src 'self' blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";

  private final GatewayConfig config;
  private final ViewConfig view;
  private final ViewMeters meters;
  private final ViewerGate gate;
  private final BotDirectory directory = new BotDirectory();
  private final Set<ViewerSession> viewers = new LinkedHashSet<>();
  /** latest init segment message per tenant and bot, bounded in bytes */
  private final InitSegmentCache inits = new InitSegmentCache();
  private ViewFeed feed;
  private HttpServer server;
  private long expiryTimer;

  public ViewVerticle(GatewayConfig config, MeterRegistry registry) {
    this.config = config;
    this.view = config.view();
    this.meters = new ViewMeters(registry);
    this.gate = new ViewerGate(config, meters);
  }

  @Override
  public void start(Promise<Void> startPromise) {
    feed = new ViewFeed(vertx, config);
    Router router = Router.router(vertx);
    router.route("/view/*").handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer").putHeader("Cache-Control", "no-store");
      ctx.next();
    });
    router.get("/").handler(ctx -> ctx.redirect("/view/"));
    router.get("/view").handler(ctx -> {
      // Vert.x matches "/view" for "/view/" too: redirect only the bare path, or the page would loop
      if ("/view".equals(ctx.request().path())) {
        ctx.redirect("/view/");
      } else {
        ctx.next();
      }
    });
    router.get("/view/session").handler(this::session);
    router.get(WS_PATH).handler(ctx -> ctx.response().setStatusCode(426).end("Upgrade Required: open a WebSocket"));
    router.route("/view/*").handler(StaticHandler.create("view").setCachingEnabled(false));
    server = vertx.createHttpServer(new HttpServerOptions().setHost(view.host()).setPort(view.port())
        .setPerMessageWebSocketCompressionSupported(false).setMaxWebSocketFrameSize(65536));
    server.webSocketHandshakeHandler(this::handshake);
    server.requestHandler(router);
    feed.start(this::record)
        .compose(v -> server.listen())
        .onSuccess(s -> {
          expiryTimer = vertx.setPeriodic(1000, id -> expire());
          LOG.atInfo().addKeyValue("port", s.actualPort()).addKeyValue("tenants", config.tenants().size())
              .log("live view listening on /view/");
          startPromise.complete();
        })
        .onFailure(startPromise::fail);
  }

  @Override
  public void stop(Promise<Void> stopPromise) {
    vertx.cancelTimer(expiryTimer);
    for (ViewerSession s : new ArrayList<>(viewers)) {
      s.close();
      s.socket().close((short) 1001, "gateway shutting down");
    }
    server.close().eventually(() -> feed.stop()).onComplete(ar -> stopPromise.complete());
  }

  /** @return the port the view listens on (useful when configured as 0) */
  public int actualPort() {
    return server.actualPort();
  }

  private static HandshakeRequest request(String uri, io.vertx.core.MultiMap headers,
      io.vertx.core.net.SocketAddress remote) {
    String address = remote == null ? "unknown" : remote.toString();
    String host = remote == null ? "unknown" : remote.hostAddress();
    return new HandshakeRequest(uri, "view", headers, address, host);
  }

  private void session(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    ViewerGate.Access access = gate.admit(request(req.uri(), req.headers(), req.remoteAddress()), "session");
    JsonObject body = access.admitted()
        ? new JsonObject().put("tenant", access.tenant()).put("open", gate.open())
        : new JsonObject().put("error", access.reason());
    ctx.response().setStatusCode(access.status()).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private void handshake(ServerWebSocketHandshake handshake) {
    if (!WS_PATH.equals(handshake.path()) && !(WS_PATH + "/").equals(handshake.path())) {
      handshake.reject(404);
      return;
    }
    ViewerGate.Access access = gate.admit(request(handshake.uri(), handshake.headers(), handshake.remoteAddress()),
        "ws");
    if (!access.admitted()) {
      handshake.reject(access.status());
      return;
    }
    handshake.accept().onSuccess(ws -> viewer(ws, access));
  }

  private void viewer(ServerWebSocket ws, ViewerGate.Access access) {
    io.vertx.core.MultiMap query = queryOf(ws.uri());
    ViewerSession session = new ViewerSession(ws, access.tenant(), query.get("bot"), query.get("participant"),
        meters);
    viewers.add(session);
    meters.viewerOpened();
    feed.mediaWanted(true);
    ws.textMessageHandler(text -> { });
    ws.binaryMessageHandler(bin -> { });
    ws.closeHandler(v -> {
      session.close();
      if (viewers.remove(session)) {
        meters.viewerClosed();
      }
      feed.mediaWanted(!viewers.isEmpty());
    });
    session.offerBot("", new JsonObject().put("type", "hello").put("tenant", access.tenant())
        .put("open", gate.open()).encode());
    for (BotDirectory.Bot bot : directory.all()) {
      if (session.sees(bot.tenant, bot.id)) {
        session.offerBot(bot.id, snapshotFor(session, bot));
      }
    }
  }

  private static io.vertx.core.MultiMap queryOf(String uri) {
    io.vertx.core.MultiMap map = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
    try {
      new io.netty.handler.codec.http.QueryStringDecoder(uri == null ? "" : uri).parameters()
          .forEach((k, v) -> map.add(k, v));
    } catch (IllegalArgumentException e) {
      // an undecodable query has no filters
    }
    return map;
  }

  private static String snapshotFor(ViewerSession session, BotDirectory.Bot bot) {
    JsonObject snapshot = bot.snapshot();
    if (!session.seesParticipant(null)) {
      io.vertx.core.json.JsonArray kept = new io.vertx.core.json.JsonArray();
      snapshot.getJsonArray("participants").forEach(p -> {
        if (session.seesParticipant(((JsonObject) p).getString("id"))) {
          kept.add(p);
        }
      });
      snapshot.put("participants", kept);
    }
    return snapshot.encode();
  }

  private void broadcast(BotDirectory.Bot bot) {
    for (ViewerSession s : viewers) {
      if (s.sees(bot.tenant, bot.id)) {
        s.offerBot(bot.id, snapshotFor(s, bot));
      }
    }
  }

  private void expire() {
    List<BotDirectory.Bot> gone = directory.expire(System.currentTimeMillis());
    for (BotDirectory.Bot bot : gone) {
      String json = new JsonObject().put("type", "bot.removed").put("bot", bot.id).encode();
      for (ViewerSession s : viewers) {
        if (s.sees(bot.tenant, bot.id)) {
          s.botRemoved(bot.id, json);
        }
      }
    }
  }

  private void record(KafkaConsumerRecord<String, Buffer> record) {
    ViewFeed.Kind kind = feed.kind(record.topic());
    if (kind == null) {
      return;
    }
    Map<String, String> h = ViewFeed.headers(record);
    String tenant = h.get("ce_tenant");
    String botId = h.get("ce_botid");
    if (tenant == null || botId == null) {
      return;
    }
    long now = System.currentTimeMillis();
    Instant receivedAt = instant(h.get("ce_receivedat"));
    switch (kind) {
      case EVENTS: {
        String type = h.get("ce_type");
        if (type == null || !(type.startsWith("meeting.connection.") || type.startsWith("meeting.participant."))) {
          return;
        }
        BotDirectory.Bot bot = directory.bot(tenant, botId, h.get("ce_vendor"), now);
        String participant = h.get("ce_participantid");
        if (directory.event(bot, type, h.get("ce_connectionid"), participant, h.get("ce_participantname"),
            receivedAt, now)) {
          broadcast(bot);
        }
        return;
      }
      case FMP4_INIT: {
        // the MSE codecs string comes from the segment itself: ce_codec says "h264", a browser needs the profile
        String codec = Mp4Codecs.of(record.value()).orElse(null);
        inits.put(tenant, botId, FrameMessage.of(header(h, record, "mixed", "mixed").put("init", true)
            .put("codec", codec), record.value()));
        for (ViewerSession s : viewers) {
          if (s.sees(tenant, botId)) {
            s.restartFmp4(botId);
          }
        }
        return;
      }
      default:
        break;
    }
    if (viewers.isEmpty() || !feed.mediaFlowing()) {
      return;
    }
    String participant = h.getOrDefault("ce_participantid", "mixed");
    String source = h.getOrDefault("ce_videosource", kind == ViewFeed.Kind.FMP4 ? "mixed" : "unknown");
    BotDirectory.Bot bot = directory.bot(tenant, botId, h.get("ce_vendor"), now);
    if (BotDirectory.stale(bot, participant, receivedAt)) {
      return;
    }
    if (directory.participant(bot, participant, h.get("ce_participantname"), source)) {
      broadcast(bot);
    }
    Buffer message = null;
    Fmp4Chunk chunk = kind == ViewFeed.Kind.FMP4
        ? new Fmp4Chunk(header(h, record, participant, source), record.value(), "0".equals(h.get("ce_byteoffset")))
        : null;
    for (ViewerSession s : viewers) {
      if (!s.sees(tenant, botId) || !s.seesParticipant(participant)) {
        continue;
      }
      if (chunk != null) {
        s.offerFmp4(botId, chunk, inits.get(tenant, botId));
        continue;
      }
      if (message == null) {
        message = FrameMessage.of(header(h, record, participant, source), record.value());
      }
      s.offerFrame(botId + '\u0000' + participant + '\u0000' + source, message);
    }
  }

  private static JsonObject header(Map<String, String> h, KafkaConsumerRecord<String, Buffer> record,
      String participant, String source) {
    return new JsonObject().put("bot", h.get("ce_botid")).put("participant", participant).put("source", source)
        .put("contentType", h.get("content-type")).put("time", h.get("ce_time"))
        .put("receivedAt", h.get("ce_receivedat")).put("timestamp", record.timestamp()).put("seq", h.get("ce_seq"))
        .put("name", h.get("ce_participantname"));
  }

  private static Instant instant(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
