package io.meetingmedia.gateway.ingest;

import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.MessageBytes;
import io.meetingmedia.gateway.adapter.SessionOutput;
import io.meetingmedia.gateway.adapter.VendorSession;
import io.meetingmedia.gateway.auth.InboundIdleTimer;
import io.meetingmedia.gateway.config.VendorRouteConfig;
import io.meetingmedia.gateway.envelope.EnvelopeIds;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.envelope.VideoSource;
import io.meetingmedia.gateway.relay.RelayAddress;
import io.meetingmedia.gateway.relay.RelayRequest;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageProducer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One vendor WebSocket, as the flow it is: frames are charged to the budgets as they are read ({@link ReadGate}),
 * reassembled into messages, turned into envelopes by the vendor session, and sent to the relay; their bytes are
 * given back when Kafka acknowledges. A close never drops what was read: the connection counts as finished only
 * when every record made of what it read is acknowledged, and {@code meeting.connection.closed} goes out after
 * them. Everything runs on the connection's event loop.
 */
final class WebSocketConnection implements SessionOutput, MessageAssembler.Sink {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
  /**
   * Charged per record on top of its payload (headers, envelope), so floods of tiny events are bounded too; and a
   * record is charged at least {@code delivery.gatewayInFlightBytes / delivery.maxInFlightRecords}.
   */
  static final int RECORD_OVERHEAD = 1024;
  static final String UNKNOWN = "unknown";

  /** The connection's life. */
  enum State {
    /** Reading and delivering. */
    OPEN,
    /** The gateway is shutting down and sent 1001; it still reads and delivers until the vendor's close arrives. */
    DRAINING,
    /** The gateway closed the socket for a reason of its own (bad input, idle, delivery failure); what still
     * arrives is discarded. */
    CLOSING,
    /** The socket is closed; records made of what was read are still awaiting Kafka. */
    CLOSED,
    /** Everything read is in Kafka; {@code meeting.connection.closed} is awaiting Kafka. */
    ANNOUNCING,
    /** Done: nothing of this connection is in flight. */
    FINISHED
  }

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final VendorRouteConfig route;
  private final String tenant;
  private final VendorSession session;
  private final IngestServices services;
  private final Consumer<WebSocketConnection> onFinished;
  private final String connectionId = UUID.randomUUID().toString();
  private final MessageAssembler assembler;
  private final ReadGate readGate;
  private final MessageProducer<RelayRequest> relay;
  private final AckInbox<RecordDelivery> acks;
  private final long minRecordCharge;
  private final DeadLetters deadLetters;
  private final ConnectionEvents events;
  private final ConnectionEvents.ConnectionTotals totals = new ConnectionEvents.ConnectionTotals();
  private final Map<Stream, long[]> sequences = new HashMap<>();
  private final long openedAtNanos = System.nanoTime();
  private final Promise<Boolean> finished = Promise.promise();

  /** Written on the event loop only; volatile so that health checks and tests may read it. */
  private volatile State state = State.OPEN;
  private Instant receivedAt = Instant.now();
  private MessageCharge current;
  private int badInRow;
  private int closeCode;
  private String closeReason;
  private long pingTimer = -1;
  private long drainTimer = -1;
  private InboundIdleTimer idle;

  WebSocketConnection(Vertx vertx, ServerWebSocket ws, VendorRouteConfig route, String tenant, VendorSession session,
      IngestServices services, Consumer<WebSocketConnection> onFinished) {
    this.vertx = vertx;
    this.ws = ws;
    this.route = route;
    this.tenant = tenant;
    this.session = session;
    this.services = services;
    this.onFinished = onFinished;
    this.assembler = new MessageAssembler(route.maxMessageBytes(), this);
    this.readGate = new ReadGate(vertx.getOrCreateContext(), ReadSwitch.install(ws, this::bytesRead), services.budget(),
        services.config().delivery().connectionInFlightBytes(), services.metrics(), services.readStates(),
        route.vendor(), () -> idle.touch());
    this.relay = vertx.eventBus().sender(RelayAddress.ADDRESS, RelayRequest.delivery());
    this.acks = new AckInbox<>(vertx.getOrCreateContext(), this::acknowledged);
    this.minRecordCharge = services.config().delivery().minRecordChargeBytes();
    this.deadLetters = new DeadLetters(services.config().delivery().deadLetterMaxBytes());
    this.events = new ConnectionEvents(connectionId, route.path());
  }

  void start() {
    idle = services.gate().idleTimer(vertx, route.vendor(), () -> close(CloseCodes.GOING_AWAY, "idle timeout"));
    idle.holdOffWhile(readGate::paused);
    ws.frameHandler(this::frame);
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
    services.metrics().connectionOpened(route.vendor(), tenant);
    log(LOG.atInfo()).addKeyValue("remoteAddress", String.valueOf(ws.remoteAddress()))
        .addKeyValue("path", route.path()).log("connection opened");
  }

  // ---- inbound ----

  /** Every buffer Netty reads from the socket, before it is decoded into frames. */
  private void bytesRead(long bytes) {
    readGate.read(bytes);
  }

  private void frame(WebSocketFrame frame) {
    if (state == State.OPEN || state == State.DRAINING) {
      assembler.frame(frame);
    }
  }

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
  public void message(boolean text, Buffer message) {
    MessageCharge charge = new MessageCharge(readGate.takeUnassigned());
    int length = message.length();
    readGate.messageRead(length);
    idle.touch();
    totals.messages++;
    totals.bytesIn += length;
    services.metrics().messageIn(route.vendor(), length);
    receivedAt = Instant.now();
    current = charge;
    try {
      if (text) {
        session.onText(MessageBytes.of(message), this);
      } else {
        session.onBinary(message, this);
      }
      badInRow = 0;
      events.opened(session.botId(), this);
    } catch (BadMessageException e) {
      bad(e, text, message);
    } catch (RuntimeException e) {
      // an adapter bug must cost one message, never the gateway or other connections
      log(LOG.atError()).setCause(e).log("vendor adapter failed on a message");
      bad(new BadMessageException(BadMessageReason.WRONG_SHAPE, "message could not be processed"), text, message);
    } finally {
      current = null;
    }
    long settled = charge.seal();
    if (settled > 0) {
      readGate.release(settled);
    }
  }

  @Override
  public void tooBig(long size) {
    services.metrics().badMessage(route.vendor(), "message_too_big");
    log(LOG.atWarn()).addKeyValue("size", size).addKeyValue("limit", route.maxMessageBytes())
        .log("message over the size limit, closing with 1009");
    close(CloseCodes.MESSAGE_TOO_BIG, "message exceeds " + route.maxMessageBytes() + " bytes");
  }

  private void bad(BadMessageException e, boolean text, Buffer raw) {
    totals.badMessages++;
    badInRow++;
    String reason = e.reason().label();
    services.metrics().badMessage(route.vendor(), reason);
    long suppressed = services.logThrottle().tryAcquire(route.vendor() + ":" + reason);
    if (suppressed >= 0) {
      log(LOG.atWarn()).addKeyValue("reason", reason).addKeyValue("detail", e.getMessage())
          .addKeyValue("suppressed", suppressed).log("bad message");
    }
    String bot = session.botId() != null ? session.botId() : UNKNOWN;
    services.metrics().deadLetter(route.vendor());
    send(deadLetters.of(envelope(), bot, e, text, MessageBytes.of(raw)).build(EnvelopeIds.next(), 0));
    int max = services.config().delivery().maxConsecutiveBadMessages();
    if (badInRow >= max) {
      close(CloseCodes.INVALID_PAYLOAD, badInRow + " invalid messages in a row, last: " + reason);
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
    Stream stream = new Stream(envelope.kind(), envelope.botId(), envelope.participantId(), envelope.source());
    long seq = sequences.computeIfAbsent(stream, k -> new long[1])[0]++;
    send(envelope.build(EnvelopeIds.next(), seq));
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

  // ---- delivery ----

  /** Hands a record to the relay, charged to the message it was made of (or to itself when made of none). */
  private void send(MediaEnvelope envelope) {
    MessageCharge charge = current != null ? current : new MessageCharge(0);
    long excess = charge.recordSent(Math.max(minRecordCharge, envelope.size() + RECORD_OVERHEAD));
    if (excess > 0) {
      readGate.charge(excess);
    }
    RecordDelivery delivery = new RecordDelivery(envelope, charge, acks);
    // fails at once only when no relay is registered (shutting down); Kafka's answer comes through settled()
    relay.write(delivery).onFailure(delivery::settled);
    if (charge != current) {
      // a record of its own (connection.closed): nothing reserved, nothing to give back before its acknowledgement
      charge.seal();
    }
  }

  private void acknowledged(RecordDelivery delivery) {
    MediaEnvelope envelope = delivery.envelope();
    if (delivery.failure() == null) {
      totals.records++;
      services.metrics().recordAcked(route.vendor(), envelope.kind(), envelope.size(),
          System.nanoTime() - delivery.startNanos());
    } else {
      services.metrics().deliveryFailed(route.vendor());
      log(LOG.atError()).addKeyValue("error", String.valueOf(delivery.failure().getMessage()))
          .log("Kafka did not acknowledge a record, closing with 1011");
      close(CloseCodes.INTERNAL_ERROR, "Kafka delivery failed");
    }
    if (delivery.charge().recordDone()) {
      readGate.release(delivery.charge().bytes());
    }
    advance();
  }

  // ---- lifecycle ----

  /** The gateway closes the socket for a reason of its own; what still arrives is discarded. */
  private void close(short code, String reason) {
    if (state == State.OPEN) {
      ws.close(code, reason);
    }
    if (state == State.OPEN || state == State.DRAINING) {
      move(State.CLOSING);
      readGate.discardRest();
    }
  }

  /**
   * Shutdown: sends 1001 at once, so the vendor reconnects elsewhere, and keeps reading and delivering what the
   * vendor wrote before it saw the close, until its own close frame arrives (TCP keeps its data ahead of it).
   *
   * @return completes true when everything read is acknowledged, false when the timeout passed first
   */
  Future<Boolean> drain(long timeoutMillis) {
    if (state == State.OPEN) {
      move(State.DRAINING);
      ws.close(CloseCodes.GOING_AWAY, "gateway shutting down");
    }
    if (state != State.FINISHED && drainTimer < 0) {
      drainTimer = vertx.setTimer(Math.max(1, timeoutMillis), id -> {
        log(LOG.atWarn()).addKeyValue("state", state.name()).addKeyValue("inFlightBytes", readGate.inFlight())
            .log("drain timeout: records read from this socket are still unacknowledged");
        finished.tryComplete(false);
      });
    }
    return finished.future();
  }

  private void onClosed() {
    if (state == State.CLOSED || state == State.ANNOUNCING || state == State.FINISHED) {
      return;
    }
    move(State.CLOSED);
    if (pingTimer >= 0) {
      vertx.cancelTimer(pingTimer);
    }
    idle.cancel();
    readGate.closed();
    receivedAt = Instant.now();
    try {
      session.onClose(this);
    } catch (RuntimeException e) {
      log(LOG.atError()).setCause(e).log("vendor adapter failed on close");
    }
    Short code = ws.closeStatusCode();
    closeCode = code == null ? 1006 : code;
    closeReason = ws.closeReason();
    services.metrics().connectionClosed(route.vendor(), tenant, closeCode);
    advance();
  }

  /** After every acknowledgement and on close: a closed connection announces its end once all it read is in Kafka. */
  private void advance() {
    if (readGate.inFlight() > 0) {
      return;
    }
    if (state == State.CLOSED && events.announced()) {
      move(State.ANNOUNCING);
      events.closed(totals, closeCode, closeReason, this);
    } else if (state == State.CLOSED || state == State.ANNOUNCING) {
      move(State.FINISHED);
      readGate.finished();
      // the line an operator reads: written once everything read from the socket is in Kafka
      log(LOG.atInfo()).addKeyValue("closeCode", closeCode).addKeyValue("closeReason", closeReason)
          .addKeyValue("messages", totals.messages).addKeyValue("bytesIn", totals.bytesIn)
          .addKeyValue("records", totals.records).addKeyValue("badMessages", totals.badMessages)
          .addKeyValue("durationMs", (System.nanoTime() - openedAtNanos) / 1_000_000).log("connection closed");
      if (drainTimer >= 0) {
        vertx.cancelTimer(drainTimer);
      }
      onFinished.accept(this);
      finished.tryComplete(true);
    }
  }

  private void move(State to) {
    state = to;
  }

  State state() {
    return state;
  }

  private LoggingEventBuilder log(LoggingEventBuilder event) {
    LoggingEventBuilder e = event.addKeyValue("connectionId", connectionId).addKeyValue("vendor", route.vendor())
        .addKeyValue("tenant", tenant);
    return session.botId() == null ? e : e.addKeyValue("botId", session.botId());
  }

  String connectionId() {
    return connectionId;
  }

  /** A stream of this connection, numbered by its own sequence; a key of its parts, no string built per record. */
  private record Stream(MediaKind kind, String botId, String participantId, VideoSource source) {
  }
}
