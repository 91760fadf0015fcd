package io.meetingmedia.gateway.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers signed upgrade requests already accepted, each until its timestamp leaves the tolerance window (after
 * that the timestamp check refuses it anyway). Bounded: when full, expired entries go first, then the oldest.
 * Only requests with a valid signature are recorded, so filling it takes the signing secret.
 */
final class ReplayCache {
  private final int capacity;
  private final Map<String, Long> expiryBySeen = new LinkedHashMap<>();

  ReplayCache(int capacity) {
    this.capacity = capacity;
  }

  /**
   * @param key          what identifies the request
   * @param expiresAtSec when the entry may be forgotten (epoch seconds)
   * @param nowSec       the current time (epoch seconds)
   * @return true when first seen (and now recorded), false for a replay
   */
  synchronized boolean firstSeen(String key, long expiresAtSec, long nowSec) {
    Long expiry = expiryBySeen.get(key);
    if (expiry != null && expiry >= nowSec) {
      return false;
    }
    evict(nowSec);
    expiryBySeen.put(key, expiresAtSec);
    return true;
  }

  private void evict(long nowSec) {
    Iterator<Map.Entry<String, Long>> it = expiryBySeen.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Long> e = it.next();
      if (e.getValue() < nowSec) {
        it.remove();
      } else if (expiryBySeen.size() >= capacity) {
        it.remove();
      } else {
        break;
      }
    }
  }

  synchronized int size() {
    return expiryBySeen.size();
  }
}
