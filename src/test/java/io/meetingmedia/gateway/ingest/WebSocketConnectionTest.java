package io.meetingmedia.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.kafka.FreePorts;
import io.meetingmedia.gateway.metrics.GatewayMetrics;
import io.meetingmedia.gateway.relay.RelayAddress;
import io.meetingmedia.gateway.relay.RelayRequest;
import io.meetingmedia.gateway.testing.RawWebSocket;
import io.meetingmedia.gateway.testing.RecallMessages;
import io.meetingmedia.gateway.testing.TestImages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connection's states against a real socket and a stand-in relay that acknowledges only when the test says so:
 * a closed connection finishes only after Kafka acknowledged everything it read and then its
 * {@code meeting.connection.closed}; a draining one keeps reading after its 1001 until the vendor's close; a
 * connection the gateway closes discards what still arrives.
 */
@ExtendWith(VertxExtension.class)
class WebSocketConnectionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final ConcurrentLinkedQueue<RelayRequest> held = new ConcurrentLinkedQueue<>();
  private static final long MIB = 1024 * 1024;
  private IngestServices services;
  private IngestVerticle verticle;
  private String deployment;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    port = FreePorts.find();
    JsonObject json = new JsonObject()
        .put("ingest", new JsonObject().put("host", "127.0.0.1").put("port", port).put("instances", 1))
        .put("shutdown", new JsonObject().put("drainTimeoutSeconds", 10))
        // 64 MiB / 512 records: every record is charged at least 128 KiB, so the 1 MiB connection budget holds
        // about 8 small records
        .put("delivery", new JsonObject().put("maxConsecutiveBadMessages", 2).put("gatewayInFlightBytes", 64 * MIB)
            .put("connectionInFlightBytes", MIB).put("maxInFlightRecords", 512));
    GatewayConfig config = GatewayConfig.fromJson(json, VendorRegistry.builtIn().names());
    services = new IngestServices(config, new GatewayMetrics(new SimpleMeterRegistry()));
    vertx.eventBus().registerCodec(new RelayRequest.LocalCodec());
    // the stand-in relay: holds every record until the test acknowledges it, as a slow Kafka would
    vertx.eventBus().<RelayRequest>consumer(RelayAddress.ADDRESS, m -> held.add(m.body()));
    verticle = new IngestVerticle(config, VendorRegistry.builtIn(), services);
    deployment = vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aClosedConnectionFinishesOnlyAfterKafkaAcknowledgedWhatItRead() throws Exception {
    try (RawWebSocket vendor = RawWebSocket.connect(port, "/ingest/recall")) {
      for (int i = 0; i < 3; i++) {
        vendor.sendText(frame(i));
      }
      // three frames and connection.opened wait for Kafka
      awaitHeld(4);
      WebSocketConnection connection = onlyConnection();
      vendor.sendClose(1000);
      assertEquals(1000, vendor.awaitClose(WAIT), "the close is answered at once");
      awaitState(connection, WebSocketConnection.State.CLOSED);
      assertTrue(types().stream().noneMatch("meeting.connection.closed"::equals),
          "no connection.closed while records read are unacknowledged");

      acknowledgeAll();
      awaitState(connection, WebSocketConnection.State.ANNOUNCING);
      awaitHeld(1);
      MediaEnvelope closed = held.peek().envelope();
      assertEquals("meeting.connection.closed", closed.type());
      assertEquals(3, new JsonObject(new String(closed.payload(), StandardCharsets.UTF_8))
          .getJsonObject("data").getInteger("messages"), "the event states what was read");
      assertEquals(1, verticle.connections().toCompletionStage().toCompletableFuture().get().size(),
          "still counted until the event is acknowledged");

      acknowledgeAll();
      awaitState(connection, WebSocketConnection.State.FINISHED);
      Awaitility.await().atMost(WAIT)
          .until(() -> verticle.connections().toCompletionStage().toCompletableFuture().get().isEmpty());
    }
  }

  @Test
  void aDrainingConnectionKeepsReadingAfterItsGoingAwayUntilTheVendorCloses(Vertx vertx) throws Exception {
    try (RawWebSocket vendor = RawWebSocket.connect(port, "/ingest/recall")) {
      vendor.sendText(frame(0));
      awaitHeld(2);
      acknowledgeAll();
      WebSocketConnection connection = onlyConnection();
      var stopped = vertx.undeploy(deployment);
      assertEquals(1001, vendor.awaitClose(WAIT), "Going Away at once");
      assertEquals(WebSocketConnection.State.DRAINING, connection.state());

      // what the vendor wrote before it saw the 1001 is still read and delivered
      vendor.sendText(frame(1)).sendText(frame(2));
      awaitHeld(2);
      assertEquals(List.of("meeting.video.frame", "meeting.video.frame"), types());
      acknowledgeAll();
      vendor.sendClose(1001);
      awaitState(connection, WebSocketConnection.State.ANNOUNCING);
      awaitHeld(1);
      assertEquals(List.of("meeting.connection.closed"), types());
      acknowledgeAll();
      stopped.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(WebSocketConnection.State.FINISHED, connection.state());
    }
  }

  @Test
  void aConnectionTheGatewayClosesDiscardsWhatStillArrives() throws Exception {
    try (RawWebSocket vendor = RawWebSocket.connect(port, "/ingest/recall")) {
      vendor.sendText("not json").sendText("still not json");
      assertEquals(1007, vendor.awaitClose(WAIT), "closed after two invalid messages in a row");
      WebSocketConnection connection = onlyConnection();
      awaitState(connection, WebSocketConnection.State.CLOSING);
      awaitHeld(2);
      assertEquals(List.of("meeting.deadletter", "meeting.deadletter"), types());

      vendor.sendText(frame(0));
      vendor.sendClose(1000);
      awaitState(connection, WebSocketConnection.State.CLOSED);
      acknowledgeAll();
      awaitState(connection, WebSocketConnection.State.FINISHED);
      assertTrue(held.isEmpty(), "the frame sent after the gateway's close was discarded: " + types());
    }
  }

  @Test
  void smallRecordsAreChargedTheirShareOfTheRecordLimit() throws Exception {
    try (RawWebSocket vendor = RawWebSocket.connect(port, "/ingest/recall")) {
      // 40 frames of ~3 KB: ~120 KB, which a 1 MiB budget holds many times over at their own size
      int frames = 40;
      for (int i = 0; i < frames; i++) {
        vendor.sendText(frame(i));
      }
      long minCharge = 64 * MIB / 512;
      int acknowledged = 0;
      int pauses = 0;
      while (acknowledged < frames + 1) {
        int done = acknowledged;
        Awaitility.await("every record in the relay's hands, or a paused socket").atMost(WAIT)
            .until(() -> done + held.size() == frames + 1 || services.readStates().count("paused") == 1);
        if (done + held.size() < frames + 1) {
          pauses++;
          assertTrue(services.budget().used() > MIB, "paused with " + services.budget().used() + " charged");
        }
        assertTrue(services.budget().used() >= held.size() * minCharge,
            "charged " + services.budget().used() + " for " + held.size() + " records");
        acknowledged += held.size();
        acknowledgeAll();
      }
      assertEquals(frames + 1, acknowledged, "connection.opened and every frame, once");
      assertTrue(pauses > 0, "the socket paused: at 128 KiB per record, 40 small records spend the 1 MiB budget");
    }
  }

  private static String frame(int i) {
    return RecallMessages.png("bot-states", 100, "Jane", "webcam", TestImages.png(32, 24, i, false), i * 0.1);
  }

  private WebSocketConnection onlyConnection() throws Exception {
    List<WebSocketConnection> open = verticle.connections().toCompletionStage().toCompletableFuture().get();
    assertEquals(1, open.size());
    return open.get(0);
  }

  private void awaitHeld(int count) {
    Awaitility.await(count + " records handed to the relay").atMost(WAIT).until(() -> held.size() >= count);
    assertEquals(count, held.size(), "records handed to the relay: " + types());
  }

  private static void awaitState(WebSocketConnection connection, WebSocketConnection.State state) {
    Awaitility.await("connection " + state).atMost(WAIT).until(() -> connection.state() == state);
  }

  private List<String> types() {
    return held.stream().map(r -> r.envelope().type()).collect(Collectors.toList());
  }

  private void acknowledgeAll() {
    RelayRequest r;
    while ((r = held.poll()) != null) {
      r.settled(null);
    }
  }
}
