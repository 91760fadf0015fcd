package io.meetingmedia.gateway.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A real WebSocket client with a blocking API for tests, playing the vendor's side: it sends what a bot would send,
 * records what the gateway answers, and reports the close code and reason the gateway chose.
 */
public final class WsClient implements AutoCloseable {
  private final Vertx vertx;
  private final WebSocketClient client;
  private final WebSocket socket;
  /** The socket's event loop, where the gateway's close frame is handled. */
  private final Context context;
  private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  private final CompletableFuture<Close> closed = new CompletableFuture<>();

  private WsClient(Vertx vertx, WebSocketClient client, WebSocket socket, Context context) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    this.context = context;
    socket.textMessageHandler(texts::add);
    socket.closeHandler(v -> closed.complete(new Close(socket.closeStatusCode(), socket.closeReason())));
  }

  /** Connects to {@code ws://127.0.0.1:port + uri}. */
  public static WsClient connect(int port, String uri) {
    return connect(port, uri, MultiMap.caseInsensitiveMultiMap());
  }

  /** Connects with extra upgrade-request headers. */
  public static WsClient connect(int port, String uri, MultiMap headers) {
    Vertx vertx = Vertx.vertx();
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(64 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri)
        .setHeaders(headers);
    try {
      CompletableFuture<Context> context = new CompletableFuture<>();
      WebSocket socket = client.connect(options).onSuccess(ws -> context.complete(Vertx.currentContext()))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return new WsClient(vertx, client, socket, context.get(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("WebSocket connect to " + uri + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Attempts an upgrade and returns the HTTP status of the refusal.
   *
   * @return the status code, 101 if the upgrade was accepted (the socket is closed again), or -1 when the
   *     connection was refused or dropped before any HTTP answer
   */
  public static int upgradeStatus(int port, String uri, MultiMap headers) {
    Vertx vertx = Vertx.vertx();
    try {
      WebSocketClient client = vertx.createWebSocketClient();
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri)
          .setHeaders(headers);
      try {
        WebSocket ws = client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ws.close();
        return 101;
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof io.vertx.core.http.UpgradeRejectedException) {
          return ((io.vertx.core.http.UpgradeRejectedException) e.getCause()).getStatus();
        }
        return -1;
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      vertx.close();
    }
  }

  /** Sends a text message in one frame and waits until it is written. */
  public WsClient sendText(String text) {
    await(onSocketContext(() -> socket.writeTextMessage(text)));
    return this;
  }

  /** Sends a binary message in one frame and waits until it is written. */
  public WsClient sendBinary(byte[] bytes) {
    await(onSocketContext(() -> socket.writeBinaryMessage(Buffer.buffer(bytes))));
    return this;
  }

  /** Sends a message as several frames: first frame, continuations, final continuation. */
  public WsClient sendFragmented(boolean text, byte[] bytes, int fragmentSize) {
    int offset = 0;
    boolean first = true;
    while (offset < bytes.length) {
      int end = Math.min(bytes.length, offset + fragmentSize);
      boolean fin = end == bytes.length;
      Buffer part = Buffer.buffer(java.util.Arrays.copyOfRange(bytes, offset, end));
      WebSocketFrame frame = first
          ? (text ? WebSocketFrame.textFrame(part.toString(), fin) : WebSocketFrame.binaryFrame(part, fin))
          : WebSocketFrame.continuationFrame(part, fin);
      await(onSocketContext(() -> socket.writeFrame(frame)));
      first = false;
      offset = end;
    }
    return this;
  }

  /** @return the next text message from the gateway, or fails after the timeout */
  public String nextText(Duration timeout) {
    try {
      String text = texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (text == null) {
        throw new AssertionError("no text message from the gateway within " + timeout);
      }
      return text;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** @return the close the gateway sent, waiting up to the timeout */
  public Close awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket not closed within " + timeout, e);
    }
  }

  /** @return true once the socket is closed */
  public boolean isClosed() {
    return closed.isDone();
  }

  /** @return the underlying socket, for tests of back-pressure */
  public WebSocket socket() {
    return socket;
  }

  /** Closes normally (1000) and releases the client. */
  @Override
  public void close() {
    if (!socket.isClosed()) {
      try {
        socket.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // already closing
      }
    }
    client.close();
    vertx.close();
  }

  /**
   * Writes on the socket's event loop, as a vendor's single-threaded client does. From another thread Vert.x checks
   * "closed" on the caller's thread and writes later on the loop, so a frame could follow the close frame the client
   * had just echoed: written as far as the test knew, yet after the close, where no server reads it (RFC 6455 5.5.1).
   * On the loop, a frame is either written before the gateway's close is handled, or fails as written on a closed
   * socket.
   */
  private CompletableFuture<Void> onSocketContext(Supplier<Future<Void>> write) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> write.get().onComplete(ar -> {
      if (ar.succeeded()) {
        done.complete(null);
      } else {
        done.completeExceptionally(ar.cause());
      }
    }));
    return done;
  }

  private static void await(CompletableFuture<?> f) {
    try {
      f.get(180, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("write failed: " + e.getMessage(), e);
    }
  }

  /**
   * @param code   close code, {@code null} when none was sent
   * @param reason close reason
   */
  public record Close(Short code, String reason) {
  }
}
