package io.meetingmedia.gateway.adapter.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmallObjectMapTest {

  /** Random puts, replaces, removes and iterator removals, checked against LinkedHashMap after every step. */
  @Test
  void behavesLikeALinkedHashMap() {
    Random random = new Random(11);
    for (int round = 0; round < 200; round++) {
      SmallObjectMap small = new SmallObjectMap();
      Map<String, JsonNode> expected = new LinkedHashMap<>();
      int keys = 1 + random.nextInt(2 * SmallObjectMap.MAX_SMALL);
      for (int step = 0; step < 60; step++) {
        String key = new String("k" + random.nextInt(keys)); // equal, not identical, keys
        int op = random.nextInt(10);
        if (op < 6) {
          assertEquals(expected.put(key, IntNode.valueOf(step)), small.put(key, IntNode.valueOf(step)));
        } else if (op < 8) {
          assertEquals(expected.remove(key), small.remove(key));
        } else if (op == 8 && !expected.isEmpty()) {
          int drop = random.nextInt(expected.size());
          removeAt(expected.entrySet().iterator(), drop);
          removeAt(small.entrySet().iterator(), drop);
        } else {
          assertEquals(expected.get(key), small.get(key));
          assertEquals(expected.containsKey(key), small.containsKey(key));
        }
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(small.entrySet()));
        assertEquals(expected, small);
        assertEquals(expected.hashCode(), small.hashCode());
      }
    }
  }

  private static void removeAt(Iterator<?> it, int index) {
    for (int i = 0; i <= index; i++) {
      it.next();
    }
    it.remove();
  }

  @Test
  void entriesWriteThroughAndIteratorsFailFast() {
    SmallObjectMap map = new SmallObjectMap();
    map.put("a", IntNode.valueOf(1));
    map.put("b", IntNode.valueOf(2));
    for (Map.Entry<String, JsonNode> e : map.entrySet()) {
      e.setValue(IntNode.valueOf(e.getValue().intValue() * 10));
    }
    assertEquals(List.of(10, 20), List.of(map.get("a").intValue(), map.get("b").intValue()));
    Iterator<Map.Entry<String, JsonNode>> it = map.entrySet().iterator();
    it.next();
    map.put("c", IntNode.valueOf(3));
    assertThrows(ConcurrentModificationException.class, it::next);
  }

  @Test
  void treesEqualJacksonsDefaultTreesAndSerialiseTheSame() throws Exception {
    StringBuilder wide = new StringBuilder("{");
    for (int i = 0; i < 3 * SmallObjectMap.MAX_SMALL; i++) {
      wide.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
    }
    wide.append(",\"m3\":\"again\"}");
    ObjectMapper plain = new ObjectMapper();
    for (String json : new String[] {"{\"a\":1,\"b\":{\"c\":[1,{\"d\":null}],\"a\":2.5},\"a\":3}", wide.toString()}) {
      JsonNode mine = JsonMessages.MAPPER.readTree(json);
      JsonNode theirs = plain.readTree(json);
      assertEquals(theirs, mine);
      assertEquals(mine, theirs);
      assertEquals(plain.writeValueAsString(theirs), JsonMessages.MAPPER.writeValueAsString(mine));
    }
  }
}
