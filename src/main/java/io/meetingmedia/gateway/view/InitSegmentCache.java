package io.meetingmedia.gateway.view;

import io.vertx.core.buffer.Buffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest fMP4 init segment message of each MeetStream bot, so that a viewer joining a running stream can start
 * it: the init segment is written once per stream, when it begins. Bounded by the bytes it holds
 * ({@link #MAX_BYTES}); the least recently used segment is forgotten first, and a viewer then waits for that bot's
 * next stream. Used on one event loop only.
 */
final class InitSegmentCache {
  /** Bytes of init segment messages kept for all bots together. */
  static final long MAX_BYTES = 16L * 1024 * 1024;

  private final long maxBytes;
  private final Map<String, Buffer> segments = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  InitSegmentCache() {
    this(MAX_BYTES);
  }

  InitSegmentCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Keeps {@code message} as the bot's latest init segment, forgetting the least recently used beyond the bound. */
  void put(String tenant, String bot, Buffer message) {
    Buffer old = segments.put(key(tenant, bot), message);
    bytes += message.length() - (old == null ? 0 : old.length());
    for (Iterator<Buffer> it = segments.values().iterator(); bytes > maxBytes && it.hasNext(); ) {
      bytes -= it.next().length();
      it.remove();
    }
  }

  /** @return the bot's latest init segment message, or {@code null} */
  Buffer get(String tenant, String bot) {
    return segments.get(key(tenant, bot));
  }

  /** @return bytes held */
  long bytes() {
    return bytes;
  }

  private static String key(String tenant, String bot) {
    return tenant + '\u0000' + bot;
  }
}
