package io.meetingmedia.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One customer of the gateway. A connection presents a token, the token names exactly one tenant, and that tenant
 * decides which vendor routes the connection may use, the topics its records land in, and whether Recall's signed
 * upgrade headers are required. Only SHA-256 digests of tokens are kept in memory.
 *
 * @param id                     tenant id: stamped on every record ({@code ce_tenant}) and used as a metric label
 * @param vendors                vendor routes the tenant may connect to
 * @param tokenDigests           SHA-256 digests of the accepted tokens; several allow rotation
 * @param topicPrefix            prepended to every topic name for this tenant's records; empty = shared topics
 * @param recallSecret           key of the Recall workspace verification secret (base64-decoded, without
 *                               {@code whsec_}), or {@code null} when upgrades from Recall are not signed
 * @param recallToleranceSeconds how far {@code webhook-timestamp} may be from the gateway's clock
 * @param maxConnections         open connections allowed to this tenant
 */
public record TenantConfig(String id, Set<String> vendors, List<SecretValue> tokenDigests, String topicPrefix,
    SecretValue recallSecret, int recallToleranceSeconds, int maxConnections) {
  private static final Logger LOG = LoggerFactory.getLogger(TenantConfig.class);
  /** Prefix of a token given as its SHA-256 digest in hex. */
  public static final String SHA256_PREFIX = "sha256:";
  /** Shortest token accepted as a literal or reference: long random tokens only. */
  public static final int MIN_TOKEN_LENGTH = 16;

  static TenantConfig read(ConfigReader r, Collection<String> vendorNames, LimitsConfig limits,
      SecretResolver secrets) {
    String id = r.string("id", null);
    if (id == null || !id.matches("[a-zA-Z0-9._-]{1,64}")) {
      throw new ConfigException("'" + r.path("id") + "' is required: 1 to 64 letters, digits, '.', '_' or '-'");
    }
    Set<String> vendors = new LinkedHashSet<>();
    JsonArray vendorArray = r.array("vendors");
    for (int i = 0; i < vendorArray.size(); i++) {
      Object v = vendorArray.getValue(i);
      if (!(v instanceof String) || !vendorNames.contains(v)) {
        throw new ConfigException("'" + r.path("vendors") + "[" + i + "]' must be one of " + vendorNames);
      }
      vendors.add((String) v);
    }
    if (vendors.isEmpty()) {
      vendors.addAll(vendorNames);
    }
    List<SecretValue> digests = new ArrayList<>();
    JsonArray tokens = r.array("tokens");
    for (int i = 0; i < tokens.size(); i++) {
      String path = r.path("tokens") + "[" + i + "]";
      if (!(tokens.getValue(i) instanceof String)) {
        throw new ConfigException("'" + path + "' must be a string");
      }
      digests.add(tokenDigest(tokens.getString(i), path, secrets));
    }
    if (digests.isEmpty()) {
      throw new ConfigException("'" + r.path("tokens") + "' must list at least one token");
    }
    String prefix = r.string("topicPrefix", "");
    if (!prefix.isEmpty() && !prefix.matches("[a-zA-Z0-9._-]{1,100}")) {
      throw new ConfigException("'" + r.path("topicPrefix") + "' may hold only letters, digits, '.', '_' and '-' "
          + "(at most 100)");
    }
    ConfigReader recall = r.object("recall");
    SecretValue recallSecret = recallSecret(recall, secrets);
    int tolerance = recall.intValue("toleranceSeconds", 300, 1, 24 * 3600);
    recall.finish();
    int maxConnections = r.intValue("maxConnections", limits.maxConnectionsPerTenant(), 1, 1_000_000);
    r.finish();
    return new TenantConfig(id, Set.copyOf(vendors), List.copyOf(digests), prefix, recallSecret, tolerance,
        maxConnections);
  }

  static SecretValue tokenDigest(String raw, String path, SecretResolver secrets) {
    if (raw.startsWith(SHA256_PREFIX)) {
      String hex = raw.substring(SHA256_PREFIX.length()).trim();
      if (!hex.matches("[0-9a-fA-F]{64}")) {
        throw new ConfigException("'" + path + "' must be 'sha256:' followed by 64 hex digits");
      }
      return SecretValue.of(HexFormat.of().parseHex(hex));
    }
    if (!SecretResolver.isReference(raw)) {
      LOG.atWarn().addKeyValue("key", path).log("a tenant token is written in the configuration in clear: store "
          + "'sha256:<hex>' (printf %s \"$TOKEN\" | sha256sum) or a ${env:NAME} / ${file:/path} reference instead");
    }
    String token = secrets.resolve(raw, path);
    if (token.length() < MIN_TOKEN_LENGTH) {
      throw new ConfigException("'" + path + "' is shorter than " + MIN_TOKEN_LENGTH
          + " characters: use a long random token, e.g. openssl rand -hex 32");
    }
    return SecretValue.sha256Of(token);
  }

  private static SecretValue recallSecret(ConfigReader recall, SecretResolver secrets) {
    String raw = recall.string("verificationSecret", null);
    if (raw == null) {
      return null;
    }
    String path = recall.path("verificationSecret");
    String secret = secrets.resolve(raw, path).trim();
    if (secret.startsWith("whsec_")) {
      secret = secret.substring("whsec_".length());
    }
    try {
      byte[] key = Base64.getDecoder().decode(secret);
      if (key.length < 16) {
        throw new ConfigException("'" + path + "' is too short for a Recall verification secret");
      }
      return SecretValue.of(key);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("'" + path + "' must be a Recall verification secret: 'whsec_' and base64");
    }
  }

  /** @return the topic names of this tenant: the shared ones with {@link #topicPrefix} in front */
  public TopicsConfig topics(TopicsConfig shared) {
    if (topicPrefix.isEmpty()) {
      return shared;
    }
    return new TopicsConfig(topicPrefix + shared.videoFrames(), topicPrefix + shared.videoH264(),
        topicPrefix + shared.videoFmp4(), topicPrefix + shared.videoFmp4Init(), topicPrefix + shared.audioPcm(),
        topicPrefix + shared.events(), topicPrefix + shared.deadLetter());
  }

  /** Reads the {@code tenants} array. Two tenants may not share an id or a token. */
  static List<TenantConfig> readAll(JsonArray array, String path, Collection<String> vendorNames,
      LimitsConfig limits, TopicsConfig topics, SecretResolver secrets) {
    List<TenantConfig> tenants = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String itemPath = path + "[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject)) {
        throw new ConfigException("'" + itemPath + "' must be a JSON object");
      }
      TenantConfig tenant = read(new ConfigReader(array.getJsonObject(i), itemPath), vendorNames, limits, secrets);
      if (ids.contains(tenant.id())) {
        throw new ConfigException("'" + itemPath + ".id' duplicates tenant '" + tenant.id() + "'");
      }
      for (TenantConfig other : tenants) {
        for (SecretValue mine : tenant.tokenDigests()) {
          for (SecretValue theirs : other.tokenDigests()) {
            if (mine.matches(theirs.bytes())) {
              throw new ConfigException("'" + itemPath + ".tokens' repeats a token of tenant '" + other.id()
                  + "': a token must name exactly one tenant");
            }
          }
        }
      }
      for (String topic : tenant.topics(topics).all()) {
        if (topic.length() > 249) {
          throw new ConfigException("'" + itemPath + ".topicPrefix' makes topic name '" + topic + "' longer than 249");
        }
      }
      ids.add(tenant.id());
      tenants.add(tenant);
    }
    return List.copyOf(tenants);
  }
}
