package io.meetingmedia.gateway.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * A Recall bot that reconnects like the vendor: when the gateway closes the socket it connects again (here to the
 * next gateway of a list, as a load balancer would route it) and goes on with the next frame; a frame whose write
 * failed is dropped, as the vendor drops frames while disconnected. It remembers every frame it wrote, every close it
 * saw and how long each reconnect took (from the close to the first frame written on the new socket).
 */
public final class ReconnectingSender {
  private final List<Integer> ports;
  private final String botId;
  private final int participantId;
  private final List<byte[]> frames;
  private final IntSupplier pacingMillis;
  private final List<byte[]> written = Collections.synchronizedList(new ArrayList<>());
  private final List<Integer> dropped = Collections.synchronizedList(new ArrayList<>());
  private final List<Short> closeCodes = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> reconnectMillis = Collections.synchronizedList(new ArrayList<>());
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile int index;

  /**
   * @param ports          gateway ingest ports, tried in order after each close
   * @param pacingMillis   pause between frames (the bot's frame rate)
   */
  public ReconnectingSender(List<Integer> ports, String botId, int participantId, List<byte[]> frames,
      IntSupplier pacingMillis) {
    this.ports = List.copyOf(ports);
    this.botId = botId;
    this.participantId = participantId;
    this.frames = frames;
    this.pacingMillis = pacingMillis;
  }

  /** Starts on its own thread. */
  public ReconnectingSender start() {
    Thread t = new Thread(this::run, "reconnecting-" + botId);
    t.setDaemon(true);
    t.start();
    return this;
  }

  private void run() {
    int portIndex = 0;
    WsClient client = WsClient.connect(ports.get(portIndex), "/ingest/recall");
    long closedAt = -1;
    try {
      for (int i = 0; i < frames.size(); i++) {
        index = i;
        if (client.isClosed()) {
          closeCodes.add(client.awaitClose(java.time.Duration.ofSeconds(1)).code());
          closedAt = System.nanoTime();
          client.close();
          portIndex = (portIndex + 1) % ports.size();
          client = WsClient.connect(ports.get(portIndex), "/ingest/recall");
        }
        try {
          client.sendText(RecallMessages.png(botId, participantId, "P" + participantId, "webcam", frames.get(i),
              i * 0.1));
          written.add(frames.get(i));
          if (closedAt >= 0) {
            reconnectMillis.add((System.nanoTime() - closedAt) / 1_000_000);
            closedAt = -1;
          }
        } catch (IllegalStateException e) {
          dropped.add(i);
        }
        int pause = pacingMillis.getAsInt();
        if (pause > 0) {
          Thread.sleep(pause); // the bot's frame rate, not a synchronisation
        }
      }
      client.close();
      done.complete(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.completeExceptionally(e);
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
  }

  /** Waits until every frame was written or dropped. */
  public void await(long seconds) {
    try {
      done.get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("sender " + botId + " did not finish in " + seconds + " s (" + written.size() + "/"
          + frames.size() + " written): " + e, e);
    }
  }

  /** @return the frames whose write completed, in order */
  public List<byte[]> written() {
    return List.copyOf(written);
  }

  /** @return indexes of frames dropped because the socket was closing */
  public List<Integer> dropped() {
    return List.copyOf(dropped);
  }

  /** @return the close codes the gateway sent, one per reconnect */
  public List<Short> closeCodes() {
    return List.copyOf(closeCodes);
  }

  /** @return the time from each close to the first frame written on the next socket */
  public List<Long> reconnectMillis() {
    return List.copyOf(reconnectMillis);
  }

  /** @return the index of the frame being sent */
  public int progress() {
    return index;
  }

  public String key() {
    return botId + ":" + participantId;
  }
}
