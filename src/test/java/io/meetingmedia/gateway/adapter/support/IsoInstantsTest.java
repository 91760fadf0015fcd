package io.meetingmedia.gateway.adapter.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

  @Test
  void formatsExactlyAsTheJdk() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      long seconds = random.nextLong(-62_167_219_200L - 1000, 253_402_300_800L + 1000);
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant instant = Instant.ofEpochSecond(seconds, nanos);
      assertEquals(instant.toString(), IsoInstants.format(instant));
    }
    assertEquals("1970-01-01T00:00:00Z", IsoInstants.format(Instant.EPOCH));
    assertEquals("2024-02-29T23:59:59.999Z", IsoInstants.format(Instant.parse("2024-02-29T23:59:59.999Z")));
  }

  @Test
  void readsWhatItWritesAndWhatTheJdkReads() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
          i % 2 == 0 ? random.nextInt(1_000_000_000) : random.nextInt(1000) * 1_000_000);
      assertEquals(instant, IsoInstants.parse(instant.toString()));
    }
    for (String text : new String[] {"2026-01-01T00:00:12.5Z", "2026-01-01T00:00:12.50Z", "2026-01-01T00:00:12Z",
        "2026-01-01T01:00:12+01:00", "+12026-01-01T00:00:00Z", "2026-01-01T23:59:60Z", "2026-01-01T24:00:00Z"}) {
      assertEquals(Instant.parse(text), IsoInstants.parse(text), text);
    }
  }

  @Test
  void behavesLikeTheJdkOnOddText() {
    for (String text : new String[] {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z",
        "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567890Z", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00",
        "x026-01-01T00:00:00Z", "2026-1-01T00:00:00Z", "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", ""}) {
      Instant expected;
      try {
        expected = Instant.parse(text);
      } catch (DateTimeParseException e) {
        assertThrows(DateTimeParseException.class, () -> IsoInstants.parse(text), text);
        continue;
      }
      assertEquals(expected, IsoInstants.parse(text), text);
    }
    assertThrows(DateTimeParseException.class, () -> IsoInstants.parse("2026-02-30T00:00:00Z"));
  }
}
