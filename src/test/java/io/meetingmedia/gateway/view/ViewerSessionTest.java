package io.meetingmedia.gateway.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.kafka.FreePorts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Latest frame wins: a browser that does not read gets at most one waiting frame per stream in the gateway, the
 * replaced frames are counted as skipped, and when it reads again it gets the newest frame of every stream.
 */
class ViewerSessionTest {
  private static final int STREAMS = 3;
  private static final int FRAMES_PER_STREAM = 60;
  private static final int FRAME_BYTES = 256 * 1024;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aViewerThatDoesNotReadHoldsOneFramePerStreamAndGetsTheLatest() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ViewMeters meters = new ViewMeters(registry);
    CompletableFuture<ServerWebSocket> accepted = new CompletableFuture<>();
    CompletableFuture<Context> socketContext = new CompletableFuture<>();
    HttpServer server = vertx.createHttpServer().webSocketHandler(ws -> {
      socketContext.complete(Vertx.currentContext());
      accepted.complete(ws);
    });
    int port = FreePorts.find();
    server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    WebSocket client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(FRAME_BYTES * 2)
        .setMaxFrameSize(FRAME_BYTES * 2)).connect(port, "127.0.0.1", "/view/ws").toCompletionStage()
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    Map<String, Integer> newest = new ConcurrentHashMap<>();
    AtomicInteger received = new AtomicInteger();
    client.binaryMessageHandler(b -> {
      received.incrementAndGet();
      String[] id = headerOf(b);
      newest.merge(id[0], Integer.parseInt(id[1]), Math::max);
    });
    client.pause(); // the browser stops reading: TCP fills, then the server's write queue

    ServerWebSocket ws = accepted.get(10, TimeUnit.SECONDS);
    CompletableFuture<Integer> pendingAtMost = new CompletableFuture<>();
    // on the socket's event loop, as in the view verticle
    socketContext.get(10, TimeUnit.SECONDS).runOnContext(v -> {
      ViewerSession session = new ViewerSession(ws, "acme", null, null, meters);
      int most = 0;
      for (int i = 0; i < FRAMES_PER_STREAM; i++) {
        for (int s = 0; s < STREAMS; s++) {
          session.offerFrame("bot\u0000p" + s + "\u0000webcam", frame("p" + s, i));
          most = Math.max(most, session.pendingFrames());
        }
      }
      pendingAtMost.complete(most);
    });
    assertTrue(pendingAtMost.get(10, TimeUnit.SECONDS) <= STREAMS, "at most one waiting frame per stream");
    double skipped = registry.counter("gateway_view_frames_skipped").count();
    assertTrue(skipped > 0, "frames were replaced while the socket was busy");

    client.resume();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> newest.size() == STREAMS
        && newest.values().stream().allMatch(n -> n == FRAMES_PER_STREAM - 1));
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> received.get()
        + registry.counter("gateway_view_frames_skipped").count() == STREAMS * FRAMES_PER_STREAM);
    assertEquals(received.get(), (int) registry.counter("gateway_view_frames_sent").count(),
        "every frame written was received");
    assertTrue(received.get() < STREAMS * FRAMES_PER_STREAM, "the slow viewer got fewer frames");
  }

  private static Buffer frame(String participant, int index) {
    JsonObject header = new JsonObject().put("bot", "bot").put("participant", participant).put("seq", index);
    return FrameMessage.of(header, Buffer.buffer(new byte[FRAME_BYTES]));
  }

  private static String[] headerOf(Buffer b) {
    JsonObject header = new JsonObject(b.getString(4, 4 + b.getInt(0)));
    return new String[] {header.getString("participant"), Integer.toString(header.getInteger("seq"))};
  }
}
