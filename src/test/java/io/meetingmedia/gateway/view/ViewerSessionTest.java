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
import io.meetingmedia.gateway.simulator.media.Fmp4Fixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * replaced frames are counted as skipped, and when it reads again it gets the newest frame of every stream. MeetStream
 * fMP4, which cannot be conflated: a viewer joining mid-stream starts with the init segment and then at a fragment
 * boundary; a viewer that does not read holds at most {@link ViewerSession#FMP4_PENDING_BYTES}, and what it gets
 * after a {@code resync} message is the init segment and an unbroken run of the stream from a fragment on: never
 * parts of different fragments spliced together.
 */
class ViewerSessionTest {
  private static final int STREAMS = 3;
  private static final int FRAMES_PER_STREAM = 60;
  private static final int FRAME_BYTES = 256 * 1024;
  private static final int FMP4_CHUNK_BYTES = 64 * 1024;
  /** well beyond the bound plus what the socket and TCP can absorb */
  private static final long STREAM_BYTES = 48L * 1024 * 1024;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aViewerThatDoesNotReadHoldsOneFramePerStreamAndGetsTheLatest() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ViewMeters meters = new ViewMeters(registry);
    Viewer viewer = viewer();
    WebSocket client = viewer.client();
    Map<String, Integer> newest = new ConcurrentHashMap<>();
    AtomicInteger received = new AtomicInteger();
    client.binaryMessageHandler(b -> {
      received.incrementAndGet();
      String[] id = headerOf(b);
      newest.merge(id[0], Integer.parseInt(id[1]), Math::max);
    });
    client.pause(); // the browser stops reading: TCP fills, then the server's write queue

    ServerWebSocket ws = viewer.socket();
    CompletableFuture<Integer> pendingAtMost = new CompletableFuture<>();
    // on the socket's event loop, as in the view verticle
    viewer.context().runOnContext(v -> {
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

  @Test
  void aSlowFmp4ViewerIsBoundedAndResyncsAtFragmentBoundariesWithoutSplicing() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ViewMeters meters = new ViewMeters(registry);
    Fmp4Fixture fixture = Fmp4Fixture.load();
    Buffer init = FrameMessage.of(new JsonObject().put("bot", "bot").put("init", true), Buffer.buffer(fixture.init()));
    // where each fragment begins in the stream: after the init segment, fragment after fragment
    TreeSet<Long> fragmentStarts = new TreeSet<>();
    long at = fixture.init().length;
    for (long n = 0; at < STREAM_BYTES + FMP4_CHUNK_BYTES * 64L; n++) {
      fragmentStarts.add(at);
      at += fixture.fragment(n).length;
    }
    // the viewer joins 100 kB into the stream: it has never seen the stream's first bytes
    Fmp4Fixture.Cursor cursor = fixture.cursor();
    cursor.next(100_000);
    List<Long> chunkOffsets = new ArrayList<>();
    List<Buffer> chunks = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(7);
    while (cursor.consumed() < STREAM_BYTES) {
      chunkOffsets.add(cursor.consumed());
      chunks.add(Buffer.buffer(cursor.next(FMP4_CHUNK_BYTES / 2 + random.nextInt(FMP4_CHUNK_BYTES))));
    }

    Viewer viewer = viewer();
    List<Object> messages = new CopyOnWriteArrayList<>();
    viewer.client.binaryMessageHandler(messages::add);
    viewer.client.textMessageHandler(messages::add);
    viewer.client.pause();
    CompletableFuture<ViewerSession> created = new CompletableFuture<>();
    CompletableFuture<Long> pendingAtMost = new CompletableFuture<>();
    viewer.context.runOnContext(v -> {
      ViewerSession session = new ViewerSession(viewer.socket, "acme", null, null, meters);
      created.complete(session);
      long most = 0;
      for (int i = 0; i < chunks.size(); i++) {
        session.offerFmp4("bot", chunk(i, chunks.get(i)), init);
        most = Math.max(most, session.pendingFmp4Bytes());
      }
      pendingAtMost.complete(most);
    });
    ViewerSession session = created.get(10, TimeUnit.SECONDS);
    assertTrue(pendingAtMost.get(30, TimeUnit.SECONDS) <= ViewerSession.FMP4_PENDING_BYTES,
        "at most " + ViewerSession.FMP4_PENDING_BYTES + " fMP4 bytes wait per viewer");
    double slowResyncs = resyncs(registry, "slow_viewer");
    assertTrue(slowResyncs > 0, "the viewer that does not read was resynchronised");

    // it reads again; a little more of the stream follows, one chunk whenever nothing waits, so the end is known
    viewer.client.resume();
    Fmp4Fixture.Cursor more = cursor;
    int last = chunks.size() + 40;
    for (int i = chunks.size(); i < last; i++) {
      chunkOffsets.add(more.consumed());
      chunks.add(Buffer.buffer(more.next(FMP4_CHUNK_BYTES / 2 + random.nextInt(FMP4_CHUNK_BYTES))));
    }
    offerWhenIdle(viewer.context, session, chunks, init, chunks.size() - 40);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !messages.isEmpty()
        && messages.get(messages.size() - 1) instanceof Buffer b && seqOf(b) == last - 1);

    // what the page got: runs of init segment + unbroken stream, separated by resync messages
    int resyncMessages = 0;
    int runs = 0;
    Integer expectedSeq = null;
    for (int m = 0; m < messages.size(); m++) {
      Object message = messages.get(m);
      if (message instanceof String text) {
        JsonObject json = new JsonObject(text);
        assertEquals("resync", json.getString("type"), text);
        assertEquals("slow_viewer", json.getString("reason"), text);
        assertEquals("bot", json.getString("bot"), text);
        resyncMessages++;
        assertTrue(m + 1 < messages.size() && messages.get(m + 1) instanceof Buffer b && isInit(b),
            "a resync is followed by the init segment");
        expectedSeq = null;
        continue;
      }
      Buffer b = (Buffer) message;
      if (isInit(b)) {
        assertEquals(Buffer.buffer(fixture.init()), payloadOf(b), "the init segment, unchanged");
        assertTrue(expectedSeq == null && (m == 0 || messages.get(m - 1) instanceof String),
            "an init segment starts the stream or follows a resync, never in the middle of a run");
        runs++;
        expectedSeq = -1;
        continue;
      }
      assertTrue(expectedSeq != null, "a chunk comes after an init segment");
      int seq = seqOf(b);
      Buffer payload = payloadOf(b);
      if (expectedSeq == -1) {
        // a run begins where a fragment begins
        long start = chunkOffsets.get(seq) + chunks.get(seq).length() - payload.length();
        assertTrue(fragmentStarts.contains(start), "run starts at stream offset " + start + ", not a fragment");
        assertEquals("moof", payload.getString(4, 8, "ISO-8859-1"));
      } else {
        assertEquals(expectedSeq, seq, "chunks of a run follow one another: nothing spliced");
        assertEquals(chunks.get(seq), payload);
      }
      expectedSeq = seq + 1;
    }
    assertEquals(0, session.pendingFmp4Bytes());
    assertTrue(runs >= 2, "the stream restarted after the resync: " + runs + " runs");
    // resyncs in a row while the socket is blocked reach the page as one message: it resets once either way
    assertTrue(resyncMessages >= 1 && resyncMessages <= resyncs(registry, "slow_viewer"),
        resyncMessages + " resync messages for " + resyncs(registry, "slow_viewer") + " resyncs");
    assertTrue(messages.get(0) instanceof Buffer b && isInit(b), "a viewer joining mid-stream gets the init first");
    assertTrue(registry.counter("gateway_view_frames_skipped").count() > 0, "dropped chunks are counted");
  }

  @Test
  void aNewStreamOfTheBotRestartsTheViewerAtItsInitSegment() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ViewMeters meters = new ViewMeters(registry);
    Fmp4Fixture fixture = Fmp4Fixture.load();
    Buffer init = FrameMessage.of(new JsonObject().put("bot", "bot").put("init", true), Buffer.buffer(fixture.init()));
    Viewer viewer = viewer();
    List<Object> messages = new CopyOnWriteArrayList<>();
    viewer.client.binaryMessageHandler(messages::add);
    viewer.client.textMessageHandler(messages::add);
    Buffer fragment = Buffer.buffer(fixture.fragment(0));
    viewer.context.runOnContext(v -> {
      ViewerSession session = new ViewerSession(viewer.socket, null, null, null, meters);
      session.offerFmp4("bot", chunk(0, fragment), null); // no init segment known: cannot start
      session.offerFmp4("bot", chunk(1, fragment), init);
      session.offerFmp4("bot", chunk(2, fragment.slice(0, 100)), init);
      session.restartFmp4("bot"); // the bot began a new stream
      session.offerFmp4("bot", chunk(3, fragment.slice(100, fragment.length())), init); // no fragment starts here
      session.offerFmp4("bot", chunk(4, fragment), init);
    });
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 6);
    assertTrue(isInit((Buffer) messages.get(0)));
    assertEquals(1, seqOf((Buffer) messages.get(1)));
    assertEquals(2, seqOf((Buffer) messages.get(2)));
    assertEquals("new_stream", new JsonObject((String) messages.get(3)).getString("reason"));
    assertTrue(isInit((Buffer) messages.get(4)));
    assertEquals(4, seqOf((Buffer) messages.get(5)));
    assertEquals(1.0, resyncs(registry, "new_stream"));
    assertEquals(2.0, registry.counter("gateway_view_frames_skipped").count(), "chunks 0 and 3 were not sent");
  }

  /** Offers chunks from {@code from} on, each once the session has nothing fMP4 waiting. */
  private static void offerWhenIdle(Context context, ViewerSession session, List<Buffer> chunks, Buffer init,
      int from) {
    context.runOnContext(v -> {
      if (from == chunks.size()) {
        return;
      }
      if (session.pendingFmp4Bytes() == 0) {
        session.offerFmp4("bot", chunk(from, chunks.get(from)), init);
        offerWhenIdle(context, session, chunks, init, from + 1);
      } else {
        offerWhenIdle(context, session, chunks, init, from);
      }
    });
  }

  private record Viewer(WebSocket client, ServerWebSocket socket, Context context) {
  }

  private Viewer viewer() throws Exception {
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
    return new Viewer(client, accepted.get(10, TimeUnit.SECONDS), socketContext.get(10, TimeUnit.SECONDS));
  }

  private static Fmp4Chunk chunk(int seq, Buffer payload) {
    return new Fmp4Chunk(new JsonObject().put("bot", "bot").put("seq", seq), payload, false);
  }

  private static double resyncs(SimpleMeterRegistry registry, String reason) {
    return registry.counter("gateway_view_fmp4_resyncs", "reason", reason).count();
  }

  private static JsonObject headerJson(Buffer b) {
    return new JsonObject(b.getString(4, 4 + b.getInt(0)));
  }

  private static boolean isInit(Buffer b) {
    return headerJson(b).getBoolean("init", false);
  }

  private static int seqOf(Buffer b) {
    return headerJson(b).getInteger("seq", -1);
  }

  private static Buffer payloadOf(Buffer b) {
    return b.slice(4 + b.getInt(0), b.length());
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
