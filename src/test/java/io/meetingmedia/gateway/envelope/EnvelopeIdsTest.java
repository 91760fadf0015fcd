package io.meetingmedia.gateway.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EnvelopeIdsTest {

  @Test
  void idsAreUuidsOfVersion8AndTheStandardVariant() {
    String id = EnvelopeIds.next();
    UUID uuid = UUID.fromString(id);
    assertEquals(id, uuid.toString());
    assertEquals(8, uuid.version());
    assertEquals(2, uuid.variant());
  }

  @Test
  void idsAreUniqueAcrossThreads() {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 4).parallel().forEach(t -> {
      for (int i = 0; i < 50_000; i++) {
        ids.add(EnvelopeIds.next());
      }
    });
    assertEquals(200_000, ids.size());
  }

  @Test
  void onlyTheCounterPartChangesWithinAProcess() {
    Set<Long> processParts = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      processParts.add(UUID.fromString(EnvelopeIds.next()).getMostSignificantBits());
    }
    assertEquals(1, processParts.size());
    UUID a = UUID.fromString(EnvelopeIds.next());
    UUID b = UUID.fromString(EnvelopeIds.next());
    assertTrue(b.getLeastSignificantBits() > a.getLeastSignificantBits(), "the counter part grows");
  }
}
