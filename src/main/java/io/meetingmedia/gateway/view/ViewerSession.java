package io.meetingmedia.gateway.view;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One browser watching: what it may see (its tenant, its {@code ?bot=} and {@code ?participant=} filters) and a
 * conflating sender that never lets a slow browser build a queue in the gateway.
 *
 * <p>A message is written only while the socket's write queue is not full ({@link ServerWebSocket#writeQueueFull()});
 * otherwise it waits here, and the memory that can wait per viewer is bounded:
 * <ul>
 *   <li>still frames: at most one per stream (bot, participant, source). A newer frame replaces the waiting one,
 *       which is counted as skipped: latest frame wins;</li>
 *   <li>bot messages: at most one per bot, the latest snapshot (or its removal);</li>
 *   <li>fMP4 chunks of a MeetStream bot, which cannot be conflated: at most {@link #FMP4_PENDING_BYTES} per bot.
 *       When that is exceeded the waiting chunks are dropped (counted as skipped) and the stream restarts at the
 *       next fragment ({@code moof} box), preceded by the init segment again.</li>
 * </ul>
 * Plus what the socket's write queue already holds: since nothing is written once it reports full, that is at most
 * Netty's high-water mark plus one message. Used on the view verticle's event loop only.
 */
final class ViewerSession {
  /** fMP4 bytes that may wait per bot per viewer before the stream is resynchronised. */
  static final int FMP4_PENDING_BYTES = 4 * 1024 * 1024;

  private final ServerWebSocket socket;
  private final String tenant;
  private final String botFilter;
  private final String participantFilter;
  private final ViewMeters meters;
  private final Map<String, String> pendingBots = new LinkedHashMap<>();
  private final Map<String, Buffer> pendingFrames = new LinkedHashMap<>();
  private final Map<String, Fmp4Stream> fmp4 = new LinkedHashMap<>();
  private boolean closed;

  /** Chunks of one bot's fMP4 stream waiting for this viewer. */
  private static final class Fmp4Stream {
    final ArrayDeque<Buffer> chunks = new ArrayDeque<>();
    long bytes;
    boolean resync = true;
  }

  /**
   * @param tenant tenant whose bots this viewer sees; {@code null} = every bot (open development mode)
   */
  ViewerSession(ServerWebSocket socket, String tenant, String botFilter, String participantFilter,
      ViewMeters meters) {
    this.socket = socket;
    this.tenant = tenant;
    this.botFilter = blankToNull(botFilter);
    this.participantFilter = blankToNull(participantFilter);
    this.meters = meters;
    socket.drainHandler(v -> flush());
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** @return true when this viewer may see records of {@code recordTenant}'s bot {@code bot} */
  boolean sees(String recordTenant, String bot) {
    return (tenant == null || tenant.equals(recordTenant)) && (botFilter == null || botFilter.equals(bot));
  }

  /** @return true when this viewer may see this participant of a bot it sees */
  boolean seesParticipant(String participant) {
    return participantFilter == null || participantFilter.equals(participant);
  }

  /** Sends a text message now, or keeps it as the bot's latest while the socket is busy. */
  void offerBot(String bot, String json) {
    pendingBots.remove(bot);
    pendingBots.put(bot, json);
    flush();
  }

  /** Sends a still frame now, or keeps it as its stream's latest while the socket is busy. */
  void offerFrame(String stream, Buffer message) {
    if (pendingFrames.put(stream, message) != null) {
      meters.skipped(1);
    }
    flush();
  }

  /**
   * Queues an fMP4 chunk of {@code bot}.
   *
   * @param fromFragment gives the chunk from its first {@code moof} box on (as a message), or {@code null} when no
   *                     fragment starts in it; asked only to (re)start the stream on a fragment boundary
   * @param init         the bot's init segment message, {@code null} if unknown; sent before the first chunk and
   *                     after every resynchronisation
   */
  void offerFmp4(String bot, Buffer message, Supplier<Buffer> fromFragment, Buffer init) {
    Fmp4Stream stream = fmp4.computeIfAbsent(bot, b -> new Fmp4Stream());
    if (stream.resync) {
      Buffer restart = init == null ? null : fromFragment.get();
      if (restart == null) {
        meters.skipped(1);
        return;
      }
      stream.resync = false;
      stream.chunks.add(init);
      stream.bytes += init.length();
      message = restart;
    }
    if (stream.bytes + message.length() > FMP4_PENDING_BYTES) {
      meters.skipped(stream.chunks.size() + 1);
      stream.chunks.clear();
      stream.bytes = 0;
      stream.resync = true;
      return;
    }
    stream.chunks.add(message);
    stream.bytes += message.length();
    flush();
  }

  /** A new init segment for {@code bot}: the viewer's stream restarts with it at the next fragment. */
  void restartFmp4(String bot) {
    Fmp4Stream stream = fmp4.get(bot);
    if (stream != null) {
      stream.resync = true;
    }
  }

  /** Forgets what waits for a bot that is gone, and tells the browser. */
  void botRemoved(String bot, String json) {
    fmp4.remove(bot);
    pendingFrames.keySet().removeIf(k -> k.startsWith(bot + '\u0000'));
    offerBot(bot, json);
  }

  /** Writes what waits, in order bots, fMP4, frames, while the socket takes more. */
  void flush() {
    while (!closed && !socket.writeQueueFull()) {
      if (!pendingBots.isEmpty()) {
        Iterator<String> it = pendingBots.values().iterator();
        String json = it.next();
        it.remove();
        socket.writeTextMessage(json);
      } else if (writeFmp4()) {
        meters.sent();
      } else if (!pendingFrames.isEmpty()) {
        Iterator<Buffer> it = pendingFrames.values().iterator();
        Buffer frame = it.next();
        it.remove();
        socket.writeBinaryMessage(frame);
        meters.sent();
      } else {
        return;
      }
    }
  }

  private boolean writeFmp4() {
    for (Fmp4Stream stream : fmp4.values()) {
      Buffer chunk = stream.chunks.poll();
      if (chunk != null) {
        stream.bytes -= chunk.length();
        socket.writeBinaryMessage(chunk);
        return true;
      }
    }
    return false;
  }

  /** Drops everything waiting; called when the socket closed. */
  void close() {
    closed = true;
    pendingBots.clear();
    pendingFrames.clear();
    fmp4.clear();
  }

  /** @return frames waiting (for tests of the bound) */
  int pendingFrames() {
    return pendingFrames.size();
  }

  ServerWebSocket socket() {
    return socket;
  }
}
