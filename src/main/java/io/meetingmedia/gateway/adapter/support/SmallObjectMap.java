package io.meetingmedia.gateway.adapter.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The members of one JSON object node, insertion-ordered like Jackson's default {@code LinkedHashMap}, in one array
 * of key/value pairs while the object is small. Vendor objects have a handful of members each; a
 * {@code LinkedHashMap} spent 150 bytes of table and map plus 40 per member on them, most of a small message's
 * allocation. Past {@value #MAX_SMALL} members it moves into a {@code LinkedHashMap}, so a hostile object with
 * thousands of members costs what it cost before, not quadratic time.
 */
final class SmallObjectMap extends AbstractMap<String, JsonNode> {
  static final int MAX_SMALL = 12;

  /** key at 2i, value at 2i+1; {@code null} once {@link #large} holds the members. */
  private Object[] pairs = new Object[8];
  private int size;
  private LinkedHashMap<String, JsonNode> large;
  private int modCount;

  private int indexOf(Object key) {
    Object[] p = pairs;
    int n = size * 2;
    for (int i = 0; i < n; i += 2) {
      if (p[i] == key) {
        return i;
      }
    }
    if (key != null) {
      for (int i = 0; i < n; i += 2) {
        if (key.equals(p[i])) {
          return i;
        }
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return large != null ? large.size() : size;
  }

  @Override
  public boolean containsKey(Object key) {
    return large != null ? large.containsKey(key) : indexOf(key) >= 0;
  }

  @Override
  public JsonNode get(Object key) {
    if (large != null) {
      return large.get(key);
    }
    int i = indexOf(key);
    return i < 0 ? null : (JsonNode) pairs[i + 1];
  }

  @Override
  public JsonNode put(String key, JsonNode value) {
    if (large != null) {
      return large.put(key, value);
    }
    int i = indexOf(key);
    if (i >= 0) {
      JsonNode old = (JsonNode) pairs[i + 1];
      pairs[i + 1] = value;
      return old;
    }
    modCount++;
    if (size == MAX_SMALL) {
      large = new LinkedHashMap<>();
      for (int j = 0; j < size * 2; j += 2) {
        large.put((String) pairs[j], (JsonNode) pairs[j + 1]);
      }
      pairs = null;
      size = 0;
      large.put(key, value);
      return null;
    }
    if (size * 2 == pairs.length) {
      Object[] grown = new Object[pairs.length * 2];
      System.arraycopy(pairs, 0, grown, 0, pairs.length);
      pairs = grown;
    }
    pairs[size * 2] = key;
    pairs[size * 2 + 1] = value;
    size++;
    return null;
  }

  @Override
  public JsonNode remove(Object key) {
    if (large != null) {
      return large.remove(key);
    }
    int i = indexOf(key);
    if (i < 0) {
      return null;
    }
    JsonNode old = (JsonNode) pairs[i + 1];
    removeAt(i);
    return old;
  }

  private void removeAt(int i) {
    modCount++;
    int n = size * 2;
    System.arraycopy(pairs, i + 2, pairs, i, n - i - 2);
    pairs[n - 2] = null;
    pairs[n - 1] = null;
    size--;
  }

  @Override
  public void clear() {
    if (large != null) {
      large.clear();
      return;
    }
    modCount++;
    for (int i = 0; i < size * 2; i++) {
      pairs[i] = null;
    }
    size = 0;
  }

  @Override
  public Set<Map.Entry<String, JsonNode>> entrySet() {
    return large != null ? large.entrySet() : new Entries();
  }

  private final class Entries extends AbstractSet<Map.Entry<String, JsonNode>> {
    @Override
    public int size() {
      return SmallObjectMap.this.size();
    }

    @Override
    public Iterator<Map.Entry<String, JsonNode>> iterator() {
      if (large != null) {
        return large.entrySet().iterator();
      }
      return new Iterator<>() {
        private int next;
        private int last = -1;
        private int expected = modCount;

        @Override
        public boolean hasNext() {
          return next < size * 2;
        }

        @Override
        public Map.Entry<String, JsonNode> next() {
          if (expected != modCount || large != null) {
            throw new ConcurrentModificationException();
          }
          if (next >= size * 2) {
            throw new NoSuchElementException();
          }
          last = next;
          next += 2;
          return new Entry(last);
        }

        @Override
        public void remove() {
          if (last < 0) {
            throw new IllegalStateException();
          }
          if (expected != modCount || large != null) {
            throw new ConcurrentModificationException();
          }
          removeAt(last);
          next = last;
          last = -1;
          expected = modCount;
        }
      };
    }
  }

  /** A member; {@code setValue} writes through while the map is unchanged in shape. */
  private final class Entry extends AbstractMap.SimpleEntry<String, JsonNode> {
    private final int index;

    Entry(int index) {
      super((String) pairs[index], (JsonNode) pairs[index + 1]);
      this.index = index;
    }

    @Override
    public JsonNode setValue(JsonNode value) {
      if (large == null && index < size * 2 && pairs[index] == getKey()) {
        pairs[index + 1] = value;
      } else {
        SmallObjectMap.this.put(getKey(), value);
      }
      return super.setValue(value);
    }
  }
}
