package io.meetingmedia.gateway.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Secret bytes read from the configuration, the environment or a mounted file. Its {@code toString()} never shows
 * the bytes, so a secret cannot reach a log line by way of a configuration record being printed.
 */
public final class SecretValue {
  private final byte[] bytes;

  private SecretValue(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  /** @return a secret holding a copy of {@code bytes} */
  public static SecretValue of(byte[] bytes) {
    return new SecretValue(bytes);
  }

  /** @return the SHA-256 digest of the UTF-8 bytes of {@code text}, as a secret */
  public static SecretValue sha256Of(String text) {
    return new SecretValue(sha256(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** @return the SHA-256 digest of {@code bytes} */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** @return a copy of the secret bytes */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Compares in time independent of where the first difference is. */
  public boolean matches(byte[] other) {
    return MessageDigest.isEqual(bytes, other);
  }

  @Override
  public String toString() {
    return "[hidden]";
  }
}
