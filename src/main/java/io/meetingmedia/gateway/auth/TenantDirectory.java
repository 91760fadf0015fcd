package io.meetingmedia.gateway.auth;

import io.meetingmedia.gateway.config.SecretValue;
import io.meetingmedia.gateway.config.TenantConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the tenant a token belongs to. The presented token is hashed with SHA-256 and compared with every
 * configured digest with {@link java.security.MessageDigest#isEqual}, without stopping at a match, so the time
 * taken says nothing about how close a guess was or which tenant it matched. Public for the live view, which
 * accepts the same tokens as ingest.
 */
public final class TenantDirectory {
  private final List<TenantConfig> owners = new ArrayList<>();
  private final List<SecretValue> digests = new ArrayList<>();

  public TenantDirectory(List<TenantConfig> tenants) {
    for (TenantConfig tenant : tenants) {
      for (SecretValue digest : tenant.tokenDigests()) {
        owners.add(tenant);
        digests.add(digest);
      }
    }
  }

  /** @return the tenant owning {@code token}, or {@code null} */
  public TenantConfig find(String token) {
    byte[] presented = SecretValue.sha256(token.getBytes(StandardCharsets.UTF_8));
    TenantConfig found = null;
    for (int i = 0; i < digests.size(); i++) {
      if (digests.get(i).matches(presented)) {
        found = owners.get(i);
      }
    }
    return found;
  }
}
