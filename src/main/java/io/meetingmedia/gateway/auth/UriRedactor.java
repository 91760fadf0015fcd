package io.meetingmedia.gateway.auth;

import java.util.Locale;
import java.util.Set;

/**
 * Makes a request URI safe to log: the values of query parameters that carry credentials ({@code token} above all,
 * which is how Recall and Attendee authenticate) become {@code [redacted]}. The query is read by
 * {@link QueryParameters}, the same parser that finds the presented token, so every form the handshake accepts a
 * token in ({@code &} or {@code ;} separators, percent-encoded names, repeats) is hidden too. Names are matched
 * after decoding, ignoring case and surrounding spaces, so the redactor hides more than the token parser accepts,
 * never less; a name that does not decode is hidden as well. Everything else is kept as sent; a fragment is dropped.
 */
public final class UriRedactor {
  /** What a redacted value reads as. */
  public static final String REDACTED = "[redacted]";
  private static final Set<String> SECRET_PARAMETERS = Set.of("token", "access_token", "auth", "authorization",
      "key", "api_key", "apikey", "secret", "password", "signature", "sig");

  private UriRedactor() {
  }

  /** @return the URI with every credential parameter's value replaced by {@link #REDACTED} */
  public static String redact(String uri) {
    if (uri == null) {
      return "";
    }
    return QueryParameters.parse(uri).rebuild(UriRedactor::isSecret, REDACTED);
  }

  private static boolean isSecret(String decodedName) {
    // undecodable name: redact rather than guess
    return decodedName == null || SECRET_PARAMETERS.contains(decodedName.trim().toLowerCase(Locale.ROOT));
  }
}
