package io.meetingmedia.gateway.view;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

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
 *   <li>fMP4 of MeetStream bots, which cannot be conflated (a chunk is a slice of one continuous stream): at most
 *       {@link #FMP4_PENDING_BYTES} for all of the viewer's bots together, init segments included. A chunk that
 *       would exceed it is not queued: the bot's waiting chunks are dropped with it (counted as skipped), and the
 *       viewer's stream of that bot is resynchronised: a {@code resync} text message tells the page to reset its
 *       {@code SourceBuffer}, then the init segment and the chunks from the next fragment ({@code moof} box) on
 *       follow. So a page never gets part of a fragment spliced onto another.</li>
 * </ul>
 * Plus what the socket's write queue already holds: since nothing is written once it reports full, that is at most
 * Netty's high-water mark plus one message. Waiting messages are written in turn (bots first, then fMP4 streams and
 * still frames alternately), so one busy stream cannot starve the others. Used on the view verticle's event loop
 * only.
 */
final class ViewerSession {
  /** fMP4 bytes (chunks and init segments) that may wait per viewer before a stream is resynchronised. */
  static final int FMP4_PENDING_BYTES = 4 * 1024 * 1024;

  /** Why a viewer's fMP4 stream restarts at the next fragment. */
  enum Resync {
    /** chunks were dropped: the viewer fell more than {@link #FMP4_PENDING_BYTES} behind */
    SLOW_VIEWER,
    /** the bot started a new stream (a new init segment, or a chunk at byte offset 0) */
    NEW_STREAM;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Where a viewer's fMP4 stream of one bot stands. */
  private enum Fmp4State {
    /** nothing is being played: the next chunk holding a fragment start (re)starts the stream with the init */
    AWAITING_FRAGMENT,
    /** chunks follow one another from a fragment start on */
    STREAMING
  }

  private final ServerWebSocket socket;
  private final String tenant;
  private final String botFilter;
  private final String participantFilter;
  private final ViewMeters meters;
  private final Map<String, String> pendingBots = new LinkedHashMap<>();
  private final Map<String, Buffer> pendingFrames = new LinkedHashMap<>();
  private final Map<String, Fmp4Stream> fmp4 = new LinkedHashMap<>();
  private long fmp4Bytes;
  private boolean framesTurn;
  private boolean closed;

  /** A waiting fMP4 message: an init segment, or a chunk. */
  private record Queued(Buffer message, boolean init) {
  }

  /** One bot's fMP4 stream for this viewer: its state and what waits to be written, in order. */
  private static final class Fmp4Stream {
    final String bot;
    final ArrayDeque<Queued> chunks = new ArrayDeque<>();
    Fmp4State state = Fmp4State.AWAITING_FRAGMENT;
    /** the resync message to write before the next chunk, {@code null} if none */
    String notice;
    /** chunks dropped since the page was last told */
    int noticeDropped;
    long bytes;

    Fmp4Stream(String bot) {
      this.bot = bot;
    }
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
   * Queues an fMP4 chunk of {@code bot}, or drops it while the viewer's stream waits for a fragment start.
   *
   * @param init the bot's init segment message, {@code null} if unknown (then the stream cannot start yet)
   */
  void offerFmp4(String bot, Fmp4Chunk chunk, Buffer init) {
    Fmp4Stream stream = fmp4.computeIfAbsent(bot, Fmp4Stream::new);
    if (chunk.streamStart() && stream.state == Fmp4State.STREAMING) {
      resync(stream, Resync.NEW_STREAM, 0);
    }
    if (stream.state == Fmp4State.AWAITING_FRAGMENT) {
      Buffer restart = init == null ? null : chunk.fromFragment();
      if (restart == null || fmp4Bytes + init.length() + restart.length() > FMP4_PENDING_BYTES) {
        meters.skipped(1);
        return;
      }
      stream.state = Fmp4State.STREAMING;
      queue(stream, init, true);
      queue(stream, restart, false);
    } else {
      Buffer message = chunk.whole();
      if (fmp4Bytes + message.length() > FMP4_PENDING_BYTES) {
        resync(stream, Resync.SLOW_VIEWER, 1);
        return;
      }
      queue(stream, message, false);
    }
    flush();
  }

  private void queue(Fmp4Stream stream, Buffer message, boolean init) {
    stream.chunks.add(new Queued(message, init));
    stream.bytes += message.length();
    fmp4Bytes += message.length();
  }

  /** A new init segment for {@code bot}: a stream playing restarts with it at the next fragment. */
  void restartFmp4(String bot) {
    Fmp4Stream stream = fmp4.get(bot);
    if (stream != null && stream.state == Fmp4State.STREAMING) {
      resync(stream, Resync.NEW_STREAM, 0);
    }
  }

  /**
   * Drops what waits of the stream and makes it wait for the next fragment; the page is told to reset.
   *
   * @param alsoDropped chunks dropped besides the waiting ones (the one that did not fit)
   */
  private void resync(Fmp4Stream stream, Resync why, int alsoDropped) {
    int dropped = alsoDropped;
    for (Queued queued : stream.chunks) {
      if (!queued.init()) {
        dropped++;
      }
    }
    if (dropped > 0) {
      meters.skipped(dropped);
    }
    meters.resynced(why);
    fmp4Bytes -= stream.bytes;
    stream.bytes = 0;
    stream.chunks.clear();
    stream.state = Fmp4State.AWAITING_FRAGMENT;
    // resyncs before the page got the notice make one notice: the page resets once either way
    stream.noticeDropped = stream.notice == null ? dropped : stream.noticeDropped + dropped;
    stream.notice = new JsonObject().put("type", "resync").put("bot", stream.bot).put("reason", why.wireName())
        .put("dropped", stream.noticeDropped).encode();
  }

  /** Forgets what waits for a bot that is gone, and tells the browser. */
  void botRemoved(String bot, String json) {
    Fmp4Stream stream = fmp4.remove(bot);
    if (stream != null) {
      fmp4Bytes -= stream.bytes;
    }
    pendingFrames.keySet().removeIf(k -> k.startsWith(bot + '\u0000'));
    offerBot(bot, json);
  }

  /** Writes what waits while the socket takes more: bot messages first, then fMP4 and still frames in turn. */
  void flush() {
    while (!closed && !socket.writeQueueFull()) {
      if (!pendingBots.isEmpty()) {
        Iterator<String> it = pendingBots.values().iterator();
        String json = it.next();
        it.remove();
        socket.writeTextMessage(json);
      } else if (framesTurn && writeFrame() || writeFmp4() || writeFrame()) {
        framesTurn = !framesTurn;
      } else {
        return;
      }
    }
  }

  private boolean writeFrame() {
    if (pendingFrames.isEmpty()) {
      return false;
    }
    Iterator<Buffer> it = pendingFrames.values().iterator();
    Buffer frame = it.next();
    it.remove();
    socket.writeBinaryMessage(frame);
    meters.sent();
    return true;
  }

  /** Writes the next message of the first fMP4 stream that has one, and puts that stream last. */
  private boolean writeFmp4() {
    for (Iterator<Fmp4Stream> it = fmp4.values().iterator(); it.hasNext(); ) {
      Fmp4Stream stream = it.next();
      if (stream.notice != null) {
        socket.writeTextMessage(stream.notice);
        stream.notice = null;
      } else if (!stream.chunks.isEmpty()) {
        Buffer chunk = stream.chunks.poll().message();
        stream.bytes -= chunk.length();
        fmp4Bytes -= chunk.length();
        socket.writeBinaryMessage(chunk);
        meters.sent();
      } else {
        continue;
      }
      it.remove();
      fmp4.put(stream.bot, stream);
      return true;
    }
    return false;
  }

  /** Drops everything waiting; called when the socket closed. */
  void close() {
    closed = true;
    pendingBots.clear();
    pendingFrames.clear();
    fmp4.clear();
    fmp4Bytes = 0;
  }

  /** @return frames waiting (for tests of the bound) */
  int pendingFrames() {
    return pendingFrames.size();
  }

  /** @return fMP4 bytes waiting (for tests of the bound) */
  long pendingFmp4Bytes() {
    return fmp4Bytes;
  }

  ServerWebSocket socket() {
    return socket;
  }
}
