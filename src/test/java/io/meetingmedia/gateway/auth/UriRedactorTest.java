package io.meetingmedia.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class UriRedactorTest {

  @Test
  void redactsTokenAndKeepsTheRest() {
    assertEquals("/ingest/recall?token=[redacted]&bot=b1",
        UriRedactor.redact("/ingest/recall?token=s3cr3t-value-123&bot=b1"));
    assertEquals("/ingest/recall/?bot=b1&token=[redacted]",
        UriRedactor.redact("/ingest/recall/?bot=b1&token=abc%20def"));
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
  void leavesUrisWithoutCredentialsAlone() {
    assertEquals("/ingest/recall", UriRedactor.redact("/ingest/recall"));
    assertEquals("/ingest/recall?", UriRedactor.redact("/ingest/recall?"));
    assertEquals("/ingest/recall?token&x=1", UriRedactor.redact("/ingest/recall?token&x=1"));
    assertEquals("", UriRedactor.redact(null));
  }

  @Test
  void redactsEmptyAndFragmentedValues() {
    assertEquals("/a?token=[redacted]", UriRedactor.redact("/a?token="));
    assertEquals("/a?token=[redacted]", UriRedactor.redact("/a?token=abc#frag"));
  }
}
