package io.meetingmedia.gateway.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A vendor bot on its own thread: sends {@code count} Recall PNG frames as fast as the gateway reads them, and
 * remembers which frames it handed to the socket, so a test can compare with what reached Kafka.
 */
public final class FrameSender {
  private final WsClient client;
  private final String botId;
  private final int participantId;
  private final List<byte[]> frames;
  private final List<byte[]> sent = Collections.synchronizedList(new ArrayList<>());
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile long writeNanos;

  /**
   * @param client        the connected socket
   * @param botId         bot id (the key is {@code botId:participantId})
   * @param participantId participant id
   * @param frames        the PNG payloads to send, in order
   */
  public FrameSender(WsClient client, String botId, int participantId, List<byte[]> frames) {
    this.client = client;
    this.botId = botId;
    this.participantId = participantId;
    this.frames = frames;
  }

  /** Starts sending on a new thread. */
  public FrameSender start() {
    Thread t = new Thread(() -> {
      long start = System.nanoTime();
      try {
        for (int i = 0; i < frames.size(); i++) {
          if (client.isClosed()) {
            break;
          }
          client.sendText(RecallMessages.png(botId, participantId, "P" + participantId, "webcam", frames.get(i),
              i * 0.5));
          sent.add(frames.get(i));
        }
        writeNanos = System.nanoTime() - start;
        done.complete(null);
      } catch (RuntimeException e) {
        writeNanos = System.nanoTime() - start;
        done.complete(null);
      }
    }, "sender-" + botId);
    t.setDaemon(true);
    t.start();
    return this;
  }

  /** Waits until every frame was written or the socket closed. */
  public FrameSender await(long seconds) {
    try {
      done.get(seconds, TimeUnit.SECONDS);
      return this;
    } catch (Exception e) {
      throw new AssertionError("sender " + botId + " did not finish in " + seconds + " s (" + sent.size() + "/"
          + frames.size() + " sent)", e);
    }
  }

  /** @return frames whose write completed */
  public List<byte[]> sent() {
    return List.copyOf(sent);
  }

  /** @return the key of this sender's records */
  public String key() {
    return botId + ":" + participantId;
  }

  /** @return how long sending took */
  public long writeMillis() {
    return writeNanos / 1_000_000;
  }

  public WsClient client() {
    return client;
  }
}
