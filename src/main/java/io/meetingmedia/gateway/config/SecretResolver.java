package io.meetingmedia.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves secret references, so that the configuration file can be published while the secrets come from the
 * environment or from mounted files (Kubernetes Secrets): {@code ${env:NAME}} is the value of environment variable
 * NAME, {@code ${file:/path}} the content of the file with surrounding whitespace stripped. Errors name the key and
 * the variable or file, never a value.
 */
public final class SecretResolver {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]*)}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** What replaces a secret-looking value in anything printed. */
  public static final String MASK = "[hidden]";

  private final Function<String, String> env;

  /** @param env looks an environment variable up; returns {@code null} when it is not set */
  public SecretResolver(Function<String, String> env) {
    this.env = env;
  }

  /** @return a resolver reading the process environment */
  public static SecretResolver system() {
    return new SecretResolver(System::getenv);
  }

  /** @return true when the whole value is one {@code ${env:..}} or {@code ${file:..}} reference */
  public static boolean isReference(String value) {
    return REFERENCE.matcher(value).matches();
  }

  /**
   * @param value   a configured value: a whole reference, or a literal
   * @param keyPath the key, for error messages
   * @return the referenced secret, or the literal itself
   */
  public String resolve(String value, String keyPath) {
    Matcher m = REFERENCE.matcher(value);
    return m.matches() ? lookup(m.group(1), m.group(2), keyPath) : value;
  }

  /**
   * Replaces every reference inside a longer value, e.g. the password inside {@code sasl.jaas.config}.
   *
   * @param value   the configured value
   * @param keyPath the key, for error messages
   * @return the value with each reference replaced by its secret
   */
  public String resolveEmbedded(String value, String keyPath) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(lookup(m.group(1), m.group(2), keyPath)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String lookup(String kind, String name, String keyPath) {
    if ("env".equals(kind)) {
      if (!ENV_NAME.matcher(name).matches()) {
        throw new ConfigException("'" + keyPath + "' refers to '" + name + "', which is not an environment variable name");
      }
      String value = env.apply(name);
      if (value == null || value.isEmpty()) {
        throw new ConfigException("'" + keyPath + "' refers to environment variable " + name + ", which is not set");
      }
      return value;
    }
    if (name.isEmpty()) {
      throw new ConfigException("'" + keyPath + "' has an empty ${file:} reference");
    }
    try {
      String value = Files.readString(Path.of(name), StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        throw new ConfigException("'" + keyPath + "' refers to file " + name + ", which is empty");
      }
      return value;
    } catch (IOException e) {
      throw new ConfigException("'" + keyPath + "' refers to file " + name + ", which cannot be read ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * @param key a client property name such as {@code ssl.key.password} or {@code sasl.jaas.config}
   * @return true when the value of such a key must never be printed
   */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("jaas")
        || k.contains("credential") || k.endsWith(".key") || k.endsWith("apikey");
  }

  /** @return a copy of {@code properties} with the values of secret-looking keys replaced by {@link #MASK} */
  public static Map<String, Object> mask(Map<String, ?> properties) {
    Map<String, Object> masked = new LinkedHashMap<>();
    properties.forEach((k, v) -> masked.put(k, isSecretKey(k) ? MASK : v));
    return masked;
  }
}
