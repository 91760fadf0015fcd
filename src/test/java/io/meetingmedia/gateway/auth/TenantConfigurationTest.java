package io.meetingmedia.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.config.ConfigException;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.SecretValue;
import io.meetingmedia.gateway.config.TenantConfig;
import io.meetingmedia.gateway.kafka.KafkaClientSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantConfigurationTest {
  static final Set<String> VENDORS = Set.of("recall", "attendee");
  static final String LITERAL = "literal-token-0123456789";
  static final String ENV_TOKEN = "env-token-abcdefghijkl";
  static final String WHSEC_KEY = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  static String sha256Hex(String s) {
    return HexFormat.of().formatHex(SecretValue.sha256(s.getBytes(StandardCharsets.UTF_8)));
  }

  static GatewayConfig parse(JsonArray tenants, Map<String, String> env) {
    return GatewayConfig.fromJson(new JsonObject().put("tenants", tenants), VENDORS, env::get);
  }

  static JsonObject tenant(String id, String... tokens) {
    return new JsonObject().put("id", id).put("tokens", new JsonArray(List.of((Object[]) tokens)));
  }

  @Test
  void readsEveryTokenFormAndKeepsOnlyDigests(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "file-token-0123456789\n");
    JsonObject a = tenant("acme", LITERAL, "sha256:" + sha256Hex("hashed-token-0123456789"),
        "${env:ACME_TOKEN}", "${file:" + file + "}")
        .put("vendors", new JsonArray().add("recall")).put("topicPrefix", "acme.")
        .put("recall", new JsonObject().put("verificationSecret", "whsec_" + WHSEC_KEY).put("toleranceSeconds", 60))
        .put("maxConnections", 7);
    GatewayConfig config = parse(new JsonArray().add(a), Map.of("ACME_TOKEN", ENV_TOKEN));
    TenantConfig t = config.tenants().get(0);
    assertEquals("acme", t.id());
    assertEquals(Set.of("recall"), t.vendors());
    assertEquals("acme.", t.topicPrefix());
    assertEquals(60, t.recallToleranceSeconds());
    assertEquals(7, t.maxConnections());
    assertNotNull(t.recallSecret());
    TenantDirectory directory = new TenantDirectory(config.tenants());
    for (String token : new String[] {LITERAL, "hashed-token-0123456789", ENV_TOKEN, "file-token-0123456789"}) {
      assertEquals("acme", directory.find(token).id(), token);
    }
    assertNull(directory.find("hashed-token-012345678"));
    assertNull(directory.find("sha256:" + sha256Hex("hashed-token-0123456789")), "the digest is not a token");
    String printed = config.toString();
    for (String secret : new String[] {LITERAL, ENV_TOKEN, "file-token", WHSEC_KEY}) {
      assertFalse(printed.contains(secret), "printed config holds " + secret);
    }
  }

  @Test
  void defaultsAllowEveryVendorAndSharedTopics() {
    TenantConfig t = parse(new JsonArray().add(tenant("t1", LITERAL)), Map.of()).tenants().get(0);
    assertEquals(VENDORS, t.vendors());
    assertEquals("", t.topicPrefix());
    assertNull(t.recallSecret());
    assertEquals(500, t.maxConnections());
  }

  @Test
  void noTenantsMeansOpenDevelopmentMode() {
    assertTrue(GatewayConfig.fromJson(new JsonObject(), VENDORS).tenants().isEmpty());
  }

  @Test
  void refusesWeakAmbiguousAndMalformedEntries() {
    assertError("'tenants[0].tokens[0]' is shorter than 16", tenant("t", "short"));
    assertError("'tenants[0].tokens' must list at least one token", tenant("t"));
    assertError("'tenants[0].tokens[0]' must be 'sha256:' followed by 64 hex digits", tenant("t", "sha256:abc"));
    assertError("'tenants[0].vendors[0]' must be one of", tenant("t", LITERAL)
        .put("vendors", new JsonArray().add("zoom")));
    assertError("'tenants[0].topicPrefix' may hold only", tenant("t", LITERAL).put("topicPrefix", "a/b"));
    assertError("'tenants[0].id' is required", tenant("bad id", LITERAL));
    assertError("'tenants[0].recall.verificationSecret' must be a Recall verification secret",
        tenant("t", LITERAL).put("recall", new JsonObject().put("verificationSecret", "whsec_***")));
    assertError("unknown key 'tenants[0].token'", tenant("t", LITERAL).put("token", "x"));
    ConfigException dup = assertThrows(ConfigException.class, () -> parse(new JsonArray()
        .add(tenant("a", LITERAL)).add(tenant("b", "sha256:" + sha256Hex(LITERAL))), Map.of()));
    assertEquals("'tenants[1].tokens' repeats a token of tenant 'a': a token must name exactly one tenant",
        dup.getMessage());
    assertThrows(ConfigException.class, () -> parse(new JsonArray().add(tenant("a", LITERAL))
        .add(tenant("a", ENV_TOKEN + "x")), Map.of()));
  }

  @Test
  void missingEnvironmentSecretFailsStartWithoutShowingValues() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> parse(new JsonArray().add(tenant("t", "${env:ABSENT_TOKEN}")), Map.of()));
    assertEquals("'tenants[0].tokens[0]' refers to environment variable ABSENT_TOKEN, which is not set",
        e.getMessage());
  }

  @Test
  void tlsNeedsBothReadableFilesAndLimitsHaveDefaults(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Files.writeString(cert, "x");
    ConfigException half = assertThrows(ConfigException.class, () -> GatewayConfig.fromJson(new JsonObject()
        .put("tls", new JsonObject().put("certPath", cert.toString())), VENDORS));
    assertEquals("'tls.keyPath' is required when 'tls.certPath' is set", half.getMessage());
    ConfigException unreadable = assertThrows(ConfigException.class, () -> GatewayConfig.fromJson(new JsonObject()
        .put("tls", new JsonObject().put("certPath", cert.toString()).put("keyPath", dir.resolve("nokey").toString())),
        VENDORS));
    assertTrue(unreadable.getMessage().startsWith("'tls.keyPath' names a file that does not exist"));
    GatewayConfig defaults = GatewayConfig.fromJson(new JsonObject(), VENDORS);
    assertFalse(defaults.tls().enabled());
    assertEquals(600, defaults.limits().idleTimeoutSeconds());
    assertEquals(10, defaults.limits().handshakeTimeoutSeconds());
  }

  @Test
  void kafkaPropertiesResolveFileSecretsAndNeverPrintThem(@TempDir Path dir) throws Exception {
    Path password = dir.resolve("kafka-password");
    Files.writeString(password, "kafka-pw-0123\n");
    JsonObject json = new JsonObject().put("kafka", new JsonObject().put("properties", new JsonObject()
        .put("security.protocol", "SASL_SSL").put("sasl.mechanism", "SCRAM-SHA-512")
        .put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"gw\" password=\"${file:" + password + "}\";")
        .put("ssl.truststore.password", "literal-truststore-pw")));
    GatewayConfig config = GatewayConfig.fromJson(json, VENDORS);
    Map<String, String> common = KafkaClientSettings.common(config.kafka());
    assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"gw\" "
        + "password=\"kafka-pw-0123\";", common.get("sasl.jaas.config"));
    assertEquals("SASL_SSL", common.get("security.protocol"));
    String printed = config.toString() + KafkaClientSettings.redacted(common);
    assertFalse(printed.contains("kafka-pw-0123"), printed);
    assertFalse(printed.contains("literal-truststore-pw"), printed);
    assertTrue(printed.contains("security.protocol=SASL_SSL"), printed);
  }

  @Test
  void kafkaConfigProvidersKeepTheirOwnPlaceholders() {
    JsonObject json = new JsonObject().put("kafka", new JsonObject().put("properties", new JsonObject()
        .put("config.providers", "file").put("sasl.jaas.config", "x password=\"${file:/etc/k.properties:pw}\";")));
    Map<String, String> common = KafkaClientSettings.common(GatewayConfig.fromJson(json, VENDORS).kafka());
    assertEquals("x password=\"${file:/etc/k.properties:pw}\";", common.get("sasl.jaas.config"));
  }

  private static void assertError(String expectedStart, JsonObject tenant) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(new JsonArray().add(tenant), Map.of()));
    assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
  }
}
