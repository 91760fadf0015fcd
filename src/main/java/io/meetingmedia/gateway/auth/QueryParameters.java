package io.meetingmedia.gateway.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The one reading of a request URI's query, used both to find the presented token and to redact the URI for the
 * access log, so that the two cannot disagree about what a parameter is. Rules:
 *
 * <ul>
 *   <li>the query is what follows the first {@code ?} and precedes the first {@code #}; a {@code ?} after a
 *       {@code #} belongs to the fragment, and there is no query;</li>
 *   <li>{@code &} and {@code ;} both separate parameters (as Netty's decoder, used before, did);</li>
 *   <li>names and values are percent-decoded as UTF-8 with {@code +} as a space; a part that does not decode has no
 *       decoded form;</li>
 *   <li>a parameter without {@code =} has no value; repeated names are kept in order.</li>
 * </ul>
 */
public final class QueryParameters {
  private final String path;
  private final String separators;
  private final List<Parameter> parameters;

  /**
   * One {@code name=value} part of the query.
   *
   * @param rawName  the name as sent
   * @param rawValue the value as sent; {@code null} when the part has no {@code =}
   * @param name     the decoded name; {@code null} when it does not decode
   * @param value    the decoded value; {@code null} when absent or when it does not decode
   */
  public record Parameter(String rawName, String rawValue, String name, String value) {
  }

  private QueryParameters(String path, String separators, List<Parameter> parameters) {
    this.path = path;
    this.separators = separators;
    this.parameters = parameters;
  }

  /** @return the parameters of {@code uri} ({@code null} reads as an empty URI) */
  public static QueryParameters parse(String uri) {
    String text = uri == null ? "" : uri;
    int hash = text.indexOf('#');
    String beforeFragment = hash < 0 ? text : text.substring(0, hash);
    int q = beforeFragment.indexOf('?');
    if (q < 0) {
      return new QueryParameters(beforeFragment, null, List.of());
    }
    String query = beforeFragment.substring(q + 1);
    StringBuilder separators = new StringBuilder();
    List<Parameter> parameters = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= query.length(); i++) {
      if (i == query.length() || query.charAt(i) == '&' || query.charAt(i) == ';') {
        parameters.add(parameter(query.substring(start, i)));
        if (i < query.length()) {
          separators.append(query.charAt(i));
        }
        start = i + 1;
      }
    }
    return new QueryParameters(beforeFragment.substring(0, q), separators.toString(), List.copyOf(parameters));
  }

  private static Parameter parameter(String part) {
    int eq = part.indexOf('=');
    String rawName = eq < 0 ? part : part.substring(0, eq);
    String rawValue = eq < 0 ? null : part.substring(eq + 1);
    return new Parameter(rawName, rawValue, decode(rawName), rawValue == null ? null : decode(rawValue));
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** @return the parts of the query in order; empty when there is no query */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** @return the decoded value of the first parameter whose decoded name is exactly {@code name}, or {@code null} */
  public String first(String name) {
    for (Parameter p : parameters) {
      if (name.equals(p.name())) {
        return p.value();
      }
    }
    return null;
  }

  /**
   * @param secret  whether a parameter's value must be hidden; sees the decoded name, or {@code null} for a name
   *                that does not decode
   * @param hidden  what a hidden value reads as
   * @return the URI as parsed (path, {@code ?}, the parts with their separators; the fragment dropped) with the value
   *     of every parameter {@code secret} accepts replaced by {@code hidden}
   */
  public String rebuild(Predicate<String> secret, String hidden) {
    if (separators == null) {
      return path;
    }
    StringBuilder out = new StringBuilder(path).append('?');
    for (int i = 0; i < parameters.size(); i++) {
      if (i > 0) {
        out.append(separators.charAt(i - 1));
      }
      Parameter p = parameters.get(i);
      out.append(p.rawName());
      if (p.rawValue() != null) {
        out.append('=').append(secret.test(p.name()) ? hidden : p.rawValue());
      }
    }
    return out.toString();
  }
}
