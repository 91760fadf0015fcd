package io.meetingmedia.gateway.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Makes a request URI safe to log: the values of query parameters that carry credentials ({@code token} above all,
 * which is how Recall and Attendee authenticate) become {@code [redacted]}. Everything else is kept as sent.
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
    int q = uri.indexOf('?');
    if (q < 0) {
      return uri;
    }
    int hash = uri.indexOf('#', q);
    String query = hash < 0 ? uri.substring(q + 1) : uri.substring(q + 1, hash);
    StringBuilder out = new StringBuilder(uri.length()).append(uri, 0, q + 1);
    String[] pairs = query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (eq >= 0 && isSecret(name)) {
        out.append(name).append('=').append(REDACTED);
      } else {
        out.append(pair);
      }
    }
    return out.toString();
  }

  private static boolean isSecret(String rawName) {
    String name;
    try {
      name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // undecodable name: redact rather than guess
      return true;
    }
    return SECRET_PARAMETERS.contains(name.trim().toLowerCase(Locale.ROOT));
  }
}
