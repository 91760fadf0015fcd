package io.meetingmedia.gateway.adapter.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Base64SliceTest {

  private static Base64Slice slice(String text) {
    byte[] b = ("xx" + text + "yy").getBytes(StandardCharsets.US_ASCII);
    return Base64Slice.of(b, 2, text.length());
  }

  @Test
  void decodesOnlyItsOwnRange() throws Exception {
    assertArrayEquals("ABC".getBytes(StandardCharsets.US_ASCII), slice("QUJD").decode("f"));
    assertArrayEquals("AB".getBytes(StandardCharsets.US_ASCII), slice("QUI=").decode("f"));
    assertArrayEquals("AB".getBytes(StandardCharsets.US_ASCII), slice("QUI").decode("f"), "padding is optional");
  }

  @Test
  void refusesWhatIsNotStandardBase64() {
    for (String text : new String[] {"QUJDR", "QU JD", "QUJD\n", "Q-_D", "QUJD=="}) {
      BadMessageException e = assertThrows(BadMessageException.class, () -> slice(text).decode("data.frame"), text);
      assertEquals(BadMessageReason.INVALID_BASE64, e.reason());
      assertEquals("'data.frame' is not valid base64", e.getMessage());
    }
  }

  @Test
  void readsAroundAPrefix() throws Exception {
    Base64Slice url = slice("data:image/jpeg;base64,QUJD");
    assertTrue(url.startsWith("data:"));
    assertFalse(url.startsWith("data:image/png"));
    int comma = url.indexOf((byte) ',', 256);
    assertEquals(22, comma);
    assertTrue(url.regionMatches(comma - 7, ";base64"));
    assertFalse(url.regionMatches(-1, "x"));
    assertEquals(-1, url.indexOf((byte) ',', 10), "the search stops at the limit");
    assertArrayEquals("ABC".getBytes(StandardCharsets.US_ASCII), url.from(comma + 1).decode("f"));
    assertEquals("Base64Slice[27 bytes]", url.toString(), "never prints content");
  }
}
