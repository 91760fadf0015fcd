package io.meetingmedia.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS of the ingest listener, so vendors can connect with {@code wss://} straight to the gateway. Leave both paths
 * empty when an ingress or load balancer terminates TLS in front of it.
 *
 * @param certPath PEM certificate chain, leaf first; {@code null} = plain {@code ws://}
 * @param keyPath  PEM private key (PKCS#8 or PKCS#1, unencrypted) of the leaf certificate
 */
public record TlsConfig(String certPath, String keyPath) {

  static TlsConfig read(ConfigReader r) {
    String cert = emptyToNull(r.string("certPath", null));
    String key = emptyToNull(r.string("keyPath", null));
    if ((cert == null) != (key == null)) {
      throw new ConfigException("'" + r.path(cert == null ? "certPath" : "keyPath") + "' is required when '"
          + r.path(cert == null ? "keyPath" : "certPath") + "' is set");
    }
    readable(r, "certPath", cert);
    readable(r, "keyPath", key);
    r.finish();
    return new TlsConfig(cert, key);
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static void readable(ConfigReader r, String key, String file) {
    if (file != null && !Files.isReadable(Path.of(file))) {
      throw new ConfigException("'" + r.path(key) + "' names a file that does not exist or cannot be read: " + file);
    }
  }

  /** @return true when the ingest listener serves TLS itself */
  public boolean enabled() {
    return certPath != null;
  }
}
