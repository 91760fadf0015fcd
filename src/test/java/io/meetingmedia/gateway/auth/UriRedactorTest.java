package io.meetingmedia.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class UriRedactorTest {
  /** Every value below decodes to a string containing this marker, so a leak in any form shows up. */
  private static final String MARK = "S3CR3T";
  /** Spellings of the name {@code token} that the token parser accepts. */
  private static final List<String> TOKEN_NAMES = List.of("token", "%74oken", "tok%65n", "%74%6f%6b%65%6e",
      "%74%6F%6B%65%6E");
  /** Spellings the token parser does not accept as {@code token} but that still must be hidden. */
  private static final List<String> LOOKALIKE_NAMES = List.of("TOKEN", "Token", "%54oken", "token+", "+token",
      "access_token", "API_KEY", "sig");
  private static final List<String> VALUES = List.of(MARK + "-1", MARK + "%2D2", MARK + "+3", "%53" + MARK.substring(1)
      + "4", MARK + "%3B5", MARK + "%265");
  private static final List<String> SEPARATORS = List.of("&", ";");

  private static String token(String uri) {
    return new HandshakeRequest(uri, "attendee", MultiMap.caseInsensitiveMultiMap(), "127.0.0.1:1", "127.0.0.1")
        .token();
  }

  @Test
  void semicolonSeparatedTokenIsTheTokenAndIsRedacted() {
    String uri = "/ingest/attendee?x=1;token=" + MARK;
    assertEquals(MARK, token(uri), "the handshake takes the token after ';'");
    assertEquals("/ingest/attendee?x=1;token=[redacted]", UriRedactor.redact(uri));
  }

  /**
   * Every form the handshake accepts a token in (either separator, any position, percent-encoded names and values,
   * repeats), and the look-alike names: the token parser finds the token exactly where the redactor hides it.
   */
  @Test
  void everyFormTheParserAcceptsIsRedacted() {
    List<String> uris = new ArrayList<>();
    for (String sep : SEPARATORS) {
      for (String name : concat(TOKEN_NAMES, LOOKALIKE_NAMES)) {
        for (String value : VALUES) {
          String pair = name + "=" + value;
          uris.add("/ingest/attendee?" + pair);
          uris.add("/ingest/attendee/?bot=b1" + sep + pair);
          uris.add("/ingest/attendee?" + pair + sep + "bot=b1");
          uris.add("/ingest/attendee?a=1" + sep + pair + sep + "b=2");
          uris.add("/ingest/attendee?" + pair + sep + pair.replace(MARK, MARK + "x"));
          uris.add("/ingest/attendee?bot=b1" + sep + "token" + sep + pair);
          uris.add("/ingest/attendee?bot=b1" + (sep.equals("&") ? ";" : "&") + pair + "#frag");
        }
      }
    }
    for (String uri : uris) {
      String redacted = UriRedactor.redact(uri);
      assertFalse(redacted.contains(MARK), uri + " -> " + redacted);
      String presented = token(uri);
      if (presented != null) {
        assertTrue(presented.startsWith(MARK), uri);
        assertFalse(redacted.contains(presented), uri);
      }
      // nothing the parser reads from the redacted line is a credential
      for (QueryParameters.Parameter p : QueryParameters.parse(redacted).parameters()) {
        if (p.name() != null && p.value() != null && isCredentialName(p.name())) {
          assertEquals(UriRedactor.REDACTED, p.value(), uri);
        }
      }
    }
    // the accepted spellings really are tokens to the handshake, whichever separator precedes them
    for (String sep : SEPARATORS) {
      for (String name : TOKEN_NAMES) {
        assertEquals(MARK + "-1", token("/ingest/attendee?bot=b1" + sep + name + "=" + MARK + "-1"), name);
      }
    }
    assertEquals(MARK + " 3", token("/ingest/attendee?token=" + MARK + "+3"));
    assertNull(token("/ingest/attendee?TOKEN=" + MARK), "the name is case-sensitive for the gate, not the redactor");
  }

  private static boolean isCredentialName(String name) {
    return List.of("token", "access_token", "api_key", "sig").contains(name.trim().toLowerCase(Locale.ROOT));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void redactsTokenAndKeepsTheRest() {
    assertEquals("/ingest/recall?token=[redacted]&bot=b1",
        UriRedactor.redact("/ingest/recall?token=s3cr3t-value-123&bot=b1"));
    assertEquals("/ingest/recall/?bot=b1&token=[redacted]",
        UriRedactor.redact("/ingest/recall/?bot=b1&token=abc%20def"));
    assertEquals("/ingest/recall?bot=b1;token=[redacted]&x=2",
        UriRedactor.redact("/ingest/recall?bot=b1;token=abc&x=2"));
  }

  @Test
  void redactsEncodedAndCaseVariantNamesAndRepeats() {
    String redacted = UriRedactor.redact("/x?TOKEN=aaa&%74oken=bbb&token=ccc&access_token=ddd&api_key=eee");
    assertEquals("/x?TOKEN=[redacted]&%74oken=[redacted]&token=[redacted]&access_token=[redacted]"
        + "&api_key=[redacted]", redacted);
    for (String secret : new String[] {"aaa", "bbb", "ccc", "ddd", "eee"}) {
      assertFalse(redacted.contains(secret), secret);
    }
  }

  @Test
  void undecodableNamesAreRedactedAndCarryNoToken() {
    assertEquals("/a?%zz=[redacted]&b=1", UriRedactor.redact("/a?%zz=abc&b=1"));
    assertNull(token("/a?token=%zz"), "a value that does not decode is no token");
    assertEquals("/a?token=[redacted]", UriRedactor.redact("/a?token=%zz"));
  }

  @Test
  void leavesUrisWithoutCredentialsAlone() {
    assertEquals("/ingest/recall", UriRedactor.redact("/ingest/recall"));
    assertEquals("/ingest/recall?", UriRedactor.redact("/ingest/recall?"));
    assertEquals("/ingest/recall?token&x=1", UriRedactor.redact("/ingest/recall?token&x=1"));
    assertEquals("/ingest/recall?a=1;b=2&c", UriRedactor.redact("/ingest/recall?a=1;b=2&c"));
    assertEquals("", UriRedactor.redact(null));
  }

  @Test
  void redactsEmptyAndFragmentedValues() {
    assertEquals("/a?token=[redacted]", UriRedactor.redact("/a?token="));
    assertEquals("/a?token=[redacted]", UriRedactor.redact("/a?token=abc#frag"));
    assertEquals("/a", UriRedactor.redact("/a#b?token=abc"), "a '?' inside the fragment starts no query");
    assertNull(token("/a#b?token=abc"));
  }
}
