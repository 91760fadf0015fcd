package io.meetingmedia.gateway.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.simulator.engine.ConnectionOutcome;
import io.meetingmedia.gateway.simulator.media.Fmp4Fixture;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the simulator against a small WebSocket server in the test, standing in for a gateway that behaves well,
 * does not answer pings, closes with 1009, stops reading, or refuses the upgrade.
 */
@Timeout(60)
class SimulatorLoopbackTest {
  private static Vertx vertx;
  private static HttpServer server;
  private static final Map<String, ConcurrentLinkedQueue<Received>> RECEIVED = new HashMap<>();
  private static final AtomicInteger CONTINUATIONS = new AtomicInteger();
  private static final AtomicInteger GOAWAY_CONNECTIONS = new AtomicInteger();

  /** One message the server got. */
  record Received(boolean text, byte[] bytes) {
    String string() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  @BeforeAll
  static void startServer() throws Exception {
    vertx = Vertx.vertx();
    for (String path : List.of("/ok", "/nopong", "/close1009", "/fragments", "/goaway")) {
      RECEIVED.put(path, new ConcurrentLinkedQueue<>());
    }
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
        .setMaxWebSocketFrameSize(64 << 20).setMaxWebSocketMessageSize(64 << 20))
        .requestHandler(req -> {
          if (!RECEIVED.containsKey(req.path())) {
            req.response().setStatusCode(404).end();
            return;
          }
          req.toWebSocket().onSuccess(ws -> handle(req.path(), ws));
        });
    server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void handle(String path, ServerWebSocket ws) {
    ConcurrentLinkedQueue<Received> received = RECEIVED.get(path);
    ws.frameHandler(frame -> {
      if (frame.isContinuation()) {
        CONTINUATIONS.incrementAndGet();
      }
    });
    ws.binaryMessageHandler(b -> received.add(new Received(false, b.getBytes())));
    ws.textMessageHandler(text -> {
      received.add(new Received(true, text.getBytes(StandardCharsets.UTF_8)));
      if ("/ok".equals(path) && text.contains("\"video_latency_ping\"")) {
        JsonObject ping = new JsonObject(text);
        ws.writeTextMessage(new JsonObject().put("type", "video_latency_pong").put("seq", ping.getLong("seq"))
            .put("sent_at_ms", ping.getLong("sent_at_ms")).put("server_received_at_ms", System.currentTimeMillis())
            .put("bot_id", ping.getString("bot_id")).encode());
      }
      if ("/close1009".equals(path) && received.size() == 3) {
        ws.close((short) 1009, "message exceeds 1048576 bytes");
      }
    });
    if ("/goaway".equals(path) && GOAWAY_CONNECTIONS.incrementAndGet() == 1) {
      // the first connection is drained after 300 ms, as a gateway does on SIGTERM; later ones stay
      vertx.setTimer(300, id -> ws.close((short) 1001, "gateway shutting down"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static SimulationSummary simulate(String path, String... args) throws InterruptedException {
    List<String> all = new ArrayList<>(List.of("--url", "ws://127.0.0.1:" + server.actualPort() + path, "--quiet"));
    all.addAll(Arrays.asList(args));
    Simulator simulator = new Simulator(SimulatorOptions.parse(all.toArray(String[]::new)),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    return simulator.run();
  }

  @Test
  void recallFramesArriveCompleteAndTheSendLogJoinsThem(@TempDir Path dir) throws Exception {
    RECEIVED.get("/ok").clear();
    Path log = dir.resolve("send.csv");
    SimulationSummary summary = simulate("/ok", "--vendor", "recall", "--bots", "2", "--participants", "2",
        "--screenshare", "--fps", "20", "--frames", "3", "--send-log", log.toString());
    assertEquals(0, summary.exitCode(), summary.text());
    assertEquals(18, summary.stats().mediaMessages(), "2 bots x 3 streams x 3 frames");
    assertEquals(2, summary.outcomes().size());
    summary.outcomes().forEach(o -> {
      assertEquals(ConnectionOutcome.Status.COMPLETED, o.status());
      assertEquals(1000, o.closeCode(), "normal close");
    });
    List<Received> messages = new ArrayList<>(RECEIVED.get("/ok"));
    assertEquals(18, messages.size());

    List<String[]> lines = Files.readAllLines(log).stream().map(l -> l.split(",", -1)).collect(Collectors.toList());
    assertEquals(18, lines.size());
    // the n-th log line of a stream describes the n-th message of that stream the server received
    Map<String, List<Received>> receivedByStream = new HashMap<>();
    for (Received r : messages) {
      JsonObject m = new JsonObject(r.string());
      JsonObject inner = m.getJsonObject("data").getJsonObject("data");
      String key = m.getJsonObject("data").getJsonObject("bot").getString("id") + "|"
          + inner.getJsonObject("participant").getInteger("id") + "|" + inner.getString("type");
      receivedByStream.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    assertEquals(6, receivedByStream.size());
    Map<String, Integer> nextSeq = new HashMap<>();
    for (String[] l : lines) {
      assertEquals("recall", l[1]);
      assertEquals("video_frame", l[7]);
      String key = l[2] + "|" + l[3] + "|" + l[4];
      int expectedSeq = nextSeq.merge(key, 1, Integer::sum) - 1;
      assertEquals(expectedSeq, Integer.parseInt(l[5]), "seq counts per stream from 0: " + key);
      Received r = receivedByStream.get(key).get(expectedSeq);
      JsonObject m = new JsonObject(r.string());
      byte[] png = Base64.getDecoder().decode(m.getJsonObject("data").getJsonObject("data").getString("buffer"));
      assertEquals(png.length, Integer.parseInt(l[6]), "payload_bytes is the decoded image size");
      assertEquals(r.bytes().length, Integer.parseInt(l[8]), "wire_bytes is the message size");
    }
    assertEquals(summary.botIds().stream().sorted().collect(Collectors.toList()),
        lines.stream().map(l -> l[2]).distinct().sorted().collect(Collectors.toList()));
  }

  @Test
  void framesModeRunsEveryConnectionForTheSameTime() throws Exception {
    RECEIVED.get("/ok").clear();
    SimulationSummary summary = simulate("/ok", "--vendor", "recall", "--participants", "1", "--audio",
        "--connections-per-bot", "3", "--frames", "4", "--fps", "10");
    assertEquals(0, summary.exitCode(), summary.text());
    assertEquals(3, summary.outcomes().size());
    Map<String, Long> byEvent = RECEIVED.get("/ok").stream()
        .collect(Collectors.groupingBy(r -> new JsonObject(r.string()).getString("event"), Collectors.counting()));
    assertEquals(Map.of("video_separate_png.data", 4L, "audio_mixed_raw.data", 4L, "audio_separate_raw.data", 4L),
        byEvent, "4 frames at 10 fps last 0.4 s: four 100 ms audio chunks on each audio-only connection");
  }

  @Test
  void meetstreamPongsAreMatchedAndTheStreamIsIntact() throws Exception {
    RECEIVED.get("/ok").clear();
    SimulationSummary summary = simulate("/ok", "--vendor", "meetstream", "--ping-seconds", "0.2", "--seconds",
        "1.1", "--fps", "10");
    assertEquals(0, summary.exitCode(), summary.text());
    assertEquals(5, summary.stats().pingsSent(), "pings at 0.2 s intervals within 1.1 s");
    assertEquals(5, summary.stats().pongsOk());
    assertEquals(0, summary.stats().pongsMissing());
    assertEquals(5, summary.stats().rttCount());
    assertTrue(summary.text().contains("pongs        5 pings: 5 ok"), summary.text());

    List<Received> got = new ArrayList<>(RECEIVED.get("/ok"));
    assertTrue(got.get(0).text() && got.get(0).string().contains("\"video_stream_start\""));
    Received last = got.get(got.size() - 1);
    assertTrue(last.text() && last.string().contains("\"video_stream_end\""), last.string());
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (Received r : got) {
      if (!r.text()) {
        stream.write(r.bytes());
      }
    }
    assertEquals(11, got.stream().filter(r -> !r.text()).count(), "10 chunks per second for 1.1 s");
    Fmp4Fixture fixture = Fmp4Fixture.load();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(fixture.init());
    for (int f = 0; expected.size() < stream.size(); f++) {
      expected.write(fixture.fragment(f));
    }
    assertArrayEquals(Arrays.copyOf(expected.toByteArray(), stream.size()), stream.toByteArray(),
        "the chunks reassemble into the fMP4 stream");
  }

  @Test
  void unansweredPingsFailTheRun() throws Exception {
    SimulationSummary summary = simulate("/nopong", "--vendor", "meetstream", "--ping-seconds", "0.25",
        "--seconds", "0.8", "--pong-timeout-ms", "200");
    assertEquals(3, summary.stats().pingsSent());
    assertEquals(3, summary.stats().pongsMissing());
    assertEquals(1, summary.exitCode());
    assertTrue(summary.text().contains("3 pong(s) missing"), summary.text());
  }

  @Test
  void withVendorReconnectABotComesBackAfterTheVendorsDelayAndDropsWhatFellDueMeanwhile() throws Exception {
    SimulationSummary summary = simulate("/goaway", "--vendor", "recall", "--participants", "1", "--fps", "10",
        "--seconds", "5", "--reconnect", "vendor");
    assertEquals(0, summary.exitCode(), summary.text());
    assertEquals(2, GOAWAY_CONNECTIONS.get(), "one reconnect");
    JsonObject r = summary.toJson().getJsonObject("reconnect");
    assertEquals(1, r.getLong("reconnects"));
    JsonObject incident = r.getJsonArray("incidents").getJsonObject(0);
    assertEquals(1001, incident.getInteger("closeCode"));
    long ms = incident.getLong("reconnectMs");
    assertTrue(ms >= 3000 && ms < 4500, "Recall waits 3 s: " + ms);
    long dropped = r.getLong("framesDroppedWhileDisconnected");
    assertTrue(dropped >= 25 && dropped <= 40, "about 3 s of frames at 10 fps: " + dropped);
    assertEquals(incident.getLong("dropped"), dropped);
    assertEquals(r.getLong("framesGenerated"), r.getLong("framesWritten") + dropped);
    assertEquals(50, r.getLong("framesGenerated"), "5 s at 10 fps, written or dropped");
    assertTrue(summary.text().contains("reconnects   1 after 1 closes"), summary.text());
  }

  @Test
  void closeCodesFromTheGatewayAreReportedPerConnection() throws Exception {
    SimulationSummary summary = simulate("/close1009", "--vendor", "attendee", "--participants", "1",
        "--fps", "20", "--seconds", "2");
    assertEquals(1, summary.exitCode());
    ConnectionOutcome outcome = summary.outcomes().get(0);
    assertEquals(ConnectionOutcome.Status.CLOSED_BY_GATEWAY, outcome.status());
    assertEquals(1009, outcome.closeCode());
    assertEquals("message exceeds 1048576 bytes", outcome.detail());
    assertTrue(outcome.unsent() > 0, "frames after the close were not sent");
    assertEquals(Map.of(1009, 1L), summary.stats().gatewayCloseCodes());
    assertTrue(summary.text().contains("close code 1009 from gateway x1: bot 0 conn 0 \"message exceeds 1048576"
        + " bytes\""), summary.text());
    assertEquals(1009, summary.toJson().getJsonArray("perConnection").getJsonObject(0).getInteger("closeCode"));
  }

  /**
   * A server that completes the upgrade and then never reads: TCP fills up, the simulator's write queue fills, and
   * the run must say so instead of buffering without limit.
   */
  @Test
  void aGatewayThatStopsReadingShowsAsBackPressure() throws Exception {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket stuck = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          Socket socket = stuck.accept();
          accepted.add(socket);
          BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
              StandardCharsets.ISO_8859_1));
          String key = null;
          for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-key:")) {
              key = line.substring(line.indexOf(':') + 1).trim();
            }
          }
          String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
              .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
          socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
              + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
          socket.getOutputStream().flush();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      acceptor.start();
      List<String> args = List.of("--url", "ws://127.0.0.1:" + stuck.getLocalPort() + "/stuck", "--quiet",
          "--vendor", "recall", "--content", "noisy", "--participants", "2", "--fps", "20", "--seconds", "1",
          "--write-queue-bytes", "65536", "--frame-pool", "2");
      long start = System.nanoTime();
      SimulationSummary summary = new Simulator(SimulatorOptions.parse(args.toArray(String[]::new)),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
      assertTrue(System.nanoTime() - start < 15_000_000_000L, "a stuck socket does not hang the shutdown");
      assertTrue(summary.seconds() < 15, "a stuck socket does not hang the run: " + summary.seconds());
      assertTrue(summary.outcomes().get(0).detail().contains("connection aborted"), summary.outcomes().toString());
      acceptor.join(5000);
      for (Socket s : accepted) {
        s.close();
      }
      assertTrue(summary.stats().stalls() >= 1, summary.text());
      assertTrue(summary.stats().stallNanos() > 100_000_000L, "the stall lasted until the deadline: " + summary.text());
      assertTrue(summary.stats().unsent() > 0, summary.text());
      assertTrue(summary.stats().wireBytes() < 40 * 600_000, "nothing is buffered beyond what TCP takes");
      assertTrue(summary.text().contains("the gateway slowed the simulator"), summary.text());
    }
  }

  @Test
  void refusedUpgradesAreConnectionFailures() throws Exception {
    SimulationSummary summary = simulate("/nowhere", "--vendor", "meetstream-audio", "--bots", "2", "--seconds",
        "1");
    assertEquals(1, summary.exitCode());
    assertEquals(2, summary.stats().connectFailures());
    for (ConnectionOutcome o : summary.outcomes()) {
      assertEquals(ConnectionOutcome.Status.CONNECT_FAILED, o.status());
      assertEquals("HTTP 404 instead of a WebSocket upgrade", o.detail());
    }
    assertTrue(summary.text().contains("connect failed x2: HTTP 404"), summary.text());
  }

  @Test
  void wssWorksAndInsecureTrustsASelfSignedGateway() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    HttpServer tls = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
        .setKeyCertOptions(certificate.keyCertOptions()).setMaxWebSocketMessageSize(1 << 20))
        .webSocketHandler(ws -> ws.textMessageHandler(t -> received.add(new Received(true,
            t.getBytes(StandardCharsets.UTF_8)))));
    tls.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      String url = "wss://127.0.0.1:" + tls.actualPort() + "/ingest/attendee";
      SimulationSummary refused = new Simulator(SimulatorOptions.parse(new String[] {"--vendor", "attendee",
          "--url", url, "--frames", "1", "--quiet"}), new PrintStream(new ByteArrayOutputStream(), true,
          StandardCharsets.UTF_8)).run();
      assertEquals(ConnectionOutcome.Status.CONNECT_FAILED, refused.outcomes().get(0).status(),
          "an untrusted certificate is refused by default");
      SimulationSummary trusted = new Simulator(SimulatorOptions.parse(new String[] {"--vendor", "attendee",
          "--url", url, "--frames", "1", "--fps", "10", "--insecure", "--quiet"}), new PrintStream(
          new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
      assertEquals(0, trusted.exitCode(), trusted.text());
      assertEquals(2, received.size(), "one frame from each of the two participants");
    } finally {
      tls.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void messagesCanBeFragmented() throws Exception {
    RECEIVED.get("/fragments").clear();
    int before = CONTINUATIONS.get();
    SimulationSummary summary = simulate("/fragments", "--vendor", "recall-legacy", "--participants", "1",
        "--frames", "2", "--fps", "20", "--fragment-bytes", "4096");
    assertEquals(0, summary.exitCode(), summary.text());
    List<Received> got = new ArrayList<>(RECEIVED.get("/fragments"));
    assertEquals(3, got.size(), "hello and two frames");
    assertTrue(got.get(0).text());
    long frames = got.stream().filter(r -> !r.text()).mapToLong(r -> r.bytes().length).sum();
    assertTrue(CONTINUATIONS.get() - before >= frames / 4096 - 2, "frames of at most 4096 bytes");
  }
}
