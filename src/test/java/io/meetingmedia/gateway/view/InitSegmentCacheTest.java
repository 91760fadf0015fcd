package io.meetingmedia.gateway.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The init segments kept for viewers joining a running stream stay within their byte bound, least recently used out. */
class InitSegmentCacheTest {

  @Test
  void holdsAtMostItsBytesAndForgetsTheLeastRecentlyUsedFirst() {
    InitSegmentCache cache = new InitSegmentCache(1000);
    Buffer a = Buffer.buffer(new byte[400]);
    Buffer b = Buffer.buffer(new byte[400]);
    Buffer c = Buffer.buffer(new byte[400]);
    cache.put("acme", "a", a);
    cache.put("acme", "b", b);
    assertSame(a, cache.get("acme", "a")); // a is now more recently used than b
    cache.put("acme", "c", c);
    assertTrue(cache.bytes() <= 1000, "bytes held: " + cache.bytes());
    assertNull(cache.get("acme", "b"), "the least recently used segment went");
    assertSame(a, cache.get("acme", "a"));
    assertSame(c, cache.get("acme", "c"));
    assertNull(cache.get("globex", "a"), "bots of other tenants are other keys");
  }

  @Test
  void aNewSegmentOfABotReplacesItsOldOne() {
    InitSegmentCache cache = new InitSegmentCache(1000);
    cache.put("acme", "a", Buffer.buffer(new byte[300]));
    Buffer newer = Buffer.buffer(new byte[500]);
    cache.put("acme", "a", newer);
    assertSame(newer, cache.get("acme", "a"));
    assertEquals(500, cache.bytes());
  }

  @Test
  void theDefaultBoundIsSixteenMebibytes() {
    InitSegmentCache cache = new InitSegmentCache();
    for (int bot = 0; bot < 40; bot++) {
      cache.put("acme", "bot" + bot, Buffer.buffer(new byte[1024 * 1024]));
      assertTrue(cache.bytes() <= InitSegmentCache.MAX_BYTES);
    }
    assertEquals(16L * 1024 * 1024, InitSegmentCache.MAX_BYTES);
    assertEquals(InitSegmentCache.MAX_BYTES, cache.bytes(), "full, and no more");
  }
}
