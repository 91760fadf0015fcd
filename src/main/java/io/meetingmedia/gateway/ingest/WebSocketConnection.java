package io.meetingmedia.gateway.ingest;

import io.meetingmedia.gateway.auth.InboundIdleTimer;
import io.meetingmedia.gateway.config.VendorRouteConfig;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.EnvelopeCodec;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.relay.RelayAddress;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.SessionOutput;
import io.meetingmedia.gateway.adapter.VendorSession;
import io.meetingmedia.gateway.adapter.support.EventJson;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.ServerWebSocket;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One vendor WebSocket: reassembles messages, hands them to the vendor session, sends the resulting envelopes to
 * the relay and counts their bytes until Kafka acknowledges them. When the connection's or the gateway's in-flight
 * budget is spent it pauses the socket, so a slow Kafka slows the vendor (TCP back-pressure) instead of filling
 * memory. Everything runs on the connection's event loop.
 */
final class WebSocketConnection implements SessionOutput, MessageAssembler.Sink {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
  /** Accounted per record on top of the payload, so that floods of tiny events are bounded too. */
  private static final int RECORD_COST_OVERHEAD = 512;
  static final String UNKNOWN = "unknown";

  private final Vertx vertx;
  private final Context context;
  private final ServerWebSocket ws;
  private final VendorRouteConfig route;
  private final String tenant;
  private final VendorSession session;
  private final IngestServices services;
  private final Consumer<WebSocketConnection> onFinished;
  private final String connectionId = UUID.randomUUID().toString();
  private final MessageAssembler assembler;
  private final DeliveryOptions delivery;
  private final Map<String, long[]> sequences = new HashMap<>();
  private final long openedAtNanos = System.nanoTime();

  private Instant receivedAt = Instant.now();
  private final ReadGate readGate;
  private int badInRow;
  private boolean closing;
  private boolean closed;
  private boolean finished;
  private boolean openedAnnounced;
  private long pingTimer = -1;
  private InboundIdleTimer idle;
  private Promise<Void> drained;
  private long messages;
  private long bytesIn;
  private long records;
  private long badMessages;

  WebSocketConnection(Vertx vertx, ServerWebSocket ws, VendorRouteConfig route, String tenant, VendorSession session,
      IngestServices services, Consumer<WebSocketConnection> onFinished) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.ws = ws;
    this.route = route;
    this.tenant = tenant;
    this.session = session;
    this.services = services;
    this.onFinished = onFinished;
    this.assembler = new MessageAssembler(route.maxMessageBytes(), this);
    this.readGate = new ReadGate(context, ws, services.budget(), services.config().delivery().connectionInFlightBytes(),
        services.metrics(), route.vendor(), () -> {
          if (idle != null) {
            idle.touch();
          }
        });
    this.delivery = new DeliveryOptions().setCodecName(EnvelopeCodec.NAME)
        .setSendTimeout(services.deliveryTimeoutMillis() + 30_000);
  }

  void start() {
    ws.frameHandler(assembler::frame);
    ws.exceptionHandler(this::onSocketError);
    ws.closeHandler(v -> onClosed());
    int ping = services.config().ingest().pingIntervalSeconds();
    if (ping > 0) {
      pingTimer = vertx.setPeriodic(ping * 1000L, id -> {
        if (!ws.isClosed()) {
          ws.writePing(Buffer.buffer());
        }
      });
    }
    idle = services.gate().idleTimer(vertx, route.vendor(), () -> close(CloseCodes.GOING_AWAY, "idle timeout"));
    idle.holdOffWhile(readGate::paused);
    services.metrics().connectionOpened(route.vendor(), tenant);
    log(LOG.atInfo()).addKeyValue("remoteAddress", String.valueOf(ws.remoteAddress()))
        .addKeyValue("path", route.path()).log("connection opened");
  }

  // ---- inbound ----

  /**
   * Netty refuses a single frame above the server's frame limit before we see it; Vert.x only reports it here, so
   * the answer (1009 with a reason) is ours to send.
   */
  private void onSocketError(Throwable err) {
    if (err instanceof CorruptedWebSocketFrameException
        && ((CorruptedWebSocketFrameException) err).closeStatus().code() == CloseCodes.MESSAGE_TOO_BIG) {
      tooBig(-1);
    } else {
      log(LOG.atDebug()).addKeyValue("error", err.toString()).log("socket error");
    }
  }

  @Override
  public void message(boolean text, byte[] bytes) {
    if (closing) {
      return;
    }
    idle.touch();
    messages++;
    bytesIn += bytes.length;
    services.metrics().messageIn(route.vendor(), bytes.length);
    receivedAt = Instant.now();
    try {
      if (text) {
        session.onText(bytes, this);
      } else {
        session.onBinary(bytes, this);
      }
      badInRow = 0;
      announceOpened();
    } catch (BadMessageException e) {
      bad(e, text, bytes);
    } catch (RuntimeException e) {
      // an adapter bug must cost one message, never the gateway or other connections
      log(LOG.atError()).setCause(e).log("vendor adapter failed on a message");
      bad(new BadMessageException(BadMessageReason.WRONG_SHAPE,
          "message could not be processed"), text, bytes);
    }
  }

  @Override
  public void tooBig(long size) {
    services.metrics().badMessage(route.vendor(), "message_too_big");
    log(LOG.atWarn()).addKeyValue("size", size).addKeyValue("limit", route.maxMessageBytes())
        .log("message over the size limit, closing with 1009");
    close(CloseCodes.MESSAGE_TOO_BIG, "message exceeds " + route.maxMessageBytes() + " bytes");
  }

  private void bad(BadMessageException e, boolean text, byte[] raw) {
    badMessages++;
    badInRow++;
    String reason = e.reason().label();
    services.metrics().badMessage(route.vendor(), reason);
    long suppressed = services.logThrottle().tryAcquire(route.vendor() + ":" + reason);
    if (suppressed >= 0) {
      log(LOG.atWarn()).addKeyValue("reason", reason).addKeyValue("detail", e.getMessage())
          .addKeyValue("suppressed", suppressed).log("bad message");
    }
    deadLetter(reason, e.getMessage(), text, raw);
    int max = services.config().delivery().maxConsecutiveBadMessages();
    if (badInRow >= max) {
      close(CloseCodes.INVALID_PAYLOAD, badInRow + " invalid messages in a row, last: " + reason);
    }
  }

  private void deadLetter(String reason, String detail, boolean text, byte[] raw) {
    int keep = Math.min(raw.length, services.config().delivery().deadLetterMaxBytes());
    String bot = session.botId() != null ? session.botId() : UNKNOWN;
    EnvelopeBuilder b = envelope().botId(bot).participantId(UNKNOWN).kind(MediaKind.DEAD_LETTER)
        .type("meeting.deadletter")
        .contentType(text ? "text/plain; charset=utf-8" : "application/octet-stream")
        .attribute("reason", reason).attribute("detail", detail)
        .attribute("messagetype", text ? "text" : "binary")
        .attribute("originalbytes", raw.length).attribute("truncated", keep < raw.length)
        .payload(keep == raw.length ? raw : Arrays.copyOf(raw, keep));
    services.metrics().deadLetter(route.vendor());
    send(b.build(UUID.randomUUID().toString(), 0));
  }

  /** Publishes {@code meeting.connection.opened} once the protocol has told us which bot this is. */
  private void announceOpened() {
    if (!openedAnnounced && session.botId() != null) {
      openedAnnounced = true;
      EventJson event = EventJson.of("meeting.connection.opened", session.botId());
      event.data().put("connectionId", connectionId).put("path", route.path());
      event.emit(this);
    }
  }

  private void announceClosed(int code, String reason) {
    if (openedAnnounced) {
      EventJson event = EventJson.of("meeting.connection.closed", session.botId());
      event.data().put("connectionId", connectionId).put("closeCode", code).put("closeReason", reason)
          .put("messages", messages).put("bytesIn", bytesIn).put("badMessages", badMessages);
      event.emit(this);
    }
  }

  // ---- SessionOutput ----

  @Override
  public EnvelopeBuilder envelope() {
    return new EnvelopeBuilder(tenant, route.vendor(), connectionId, receivedAt);
  }

  @Override
  public void emit(EnvelopeBuilder envelope) {
    if (envelope.botId() == null) {
      envelope.botId(session.botId() != null ? session.botId() : UNKNOWN);
    }
    String stream = envelope.kind() + "|" + envelope.botId() + "|" + envelope.participantId() + "|"
        + envelope.source();
    long seq = sequences.computeIfAbsent(stream, k -> new long[1])[0]++;
    send(envelope.build(UUID.randomUUID().toString(), seq));
  }

  @Override
  public void replyText(String text) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(text);
      services.metrics().pongSent(route.vendor());
    }
  }

  @Override
  public long receivedAtMillis() {
    return receivedAt.toEpochMilli();
  }

  // ---- delivery and back-pressure ----

  private void send(MediaEnvelope envelope) {
    long cost = envelope.size() + RECORD_COST_OVERHEAD;
    long start = System.nanoTime();
    vertx.eventBus().<Void>request(RelayAddress.ADDRESS, envelope, delivery)
        .onComplete(ar -> acknowledged(envelope, cost, start, ar));
    readGate.reserve(cost);
  }

  private void acknowledged(MediaEnvelope envelope, long cost, long start, AsyncResult<?> ar) {
    if (ar.succeeded()) {
      records++;
      services.metrics().recordAcked(route.vendor(), envelope.kind(), envelope.size(), System.nanoTime() - start);
    } else {
      services.metrics().deliveryFailed(route.vendor());
      log(LOG.atError()).addKeyValue("error", ar.cause().getMessage())
          .log("Kafka did not acknowledge a record, closing with 1011");
      close(CloseCodes.INTERNAL_ERROR, "Kafka delivery failed");
    }
    readGate.release(cost);
    if (!ar.succeeded() || closing) {
      readGate.hold();
    }
    finishIfDone();
  }

  // ---- lifecycle ----

  private void close(short code, String reason) {
    if (!closing) {
      closing = true;
      ws.close(code, reason);
    }
  }

  /**
   * Stops reading, waits until everything already read is acknowledged by Kafka (or the timeout passes), then
   * closes with 1001 so the vendor reconnects elsewhere.
   */
  Future<Void> drain(long timeoutMillis) {
    if (drained == null) {
      drained = Promise.promise();
      readGate.hold();
      long timer = vertx.setTimer(Math.max(1, timeoutMillis), id -> {
        if (readGate.inFlight() > 0) {
          log(LOG.atWarn()).addKeyValue("inFlightBytes", readGate.inFlight())
              .log("drain timeout: closing with records still unacknowledged");
        }
        close(CloseCodes.GOING_AWAY, "gateway shutting down");
        drained.tryComplete();
      });
      drained.future().onComplete(ar -> vertx.cancelTimer(timer));
      finishIfDone();
    }
    return drained.future();
  }

  /**
   * Called after every acknowledgement and on close: a draining connection closes with 1001 once nothing is in
   * flight, and counts as finished once it is closed and its last records (the close event) are acknowledged.
   */
  private void finishIfDone() {
    if (readGate.inFlight() > 0) {
      return;
    }
    if (drained != null && !closing) {
      close(CloseCodes.GOING_AWAY, "gateway shutting down");
    }
    if (closed && !finished) {
      finished = true;
      onFinished.accept(this);
      if (drained != null) {
        drained.tryComplete();
      }
    }
  }

  private void onClosed() {
    closed = true;
    if (pingTimer >= 0) {
      vertx.cancelTimer(pingTimer);
    }
    idle.cancel();
    receivedAt = Instant.now();
    try {
      session.onClose(this);
    } catch (RuntimeException e) {
      log(LOG.atError()).setCause(e).log("vendor adapter failed on close");
    }
    Short code = ws.closeStatusCode();
    int closeCode = code == null ? 1006 : code;
    announceClosed(closeCode, ws.closeReason());
    services.metrics().connectionClosed(route.vendor(), tenant, closeCode);
    readGate.closed();
    log(LOG.atInfo()).addKeyValue("closeCode", closeCode).addKeyValue("closeReason", ws.closeReason())
        .addKeyValue("messages", messages).addKeyValue("bytesIn", bytesIn).addKeyValue("records", records)
        .addKeyValue("badMessages", badMessages).addKeyValue("inFlightBytes", readGate.inFlight())
        .addKeyValue("durationMs", (System.nanoTime() - openedAtNanos) / 1_000_000).log("connection closed");
    finishIfDone();
  }

  private LoggingEventBuilder log(LoggingEventBuilder event) {
    return event.addKeyValue("connectionId", connectionId).addKeyValue("vendor", route.vendor())
        .addKeyValue("tenant", tenant).addKeyValue("botId", session.botId());
  }

  String connectionId() {
    return connectionId;
  }
}
