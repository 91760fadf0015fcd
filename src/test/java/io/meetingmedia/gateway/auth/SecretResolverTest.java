package io.meetingmedia.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.config.ConfigException;
import io.meetingmedia.gateway.config.SecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {
  private final SecretResolver secrets = new SecretResolver(Map.of("KAFKA_PASSWORD", "pw-from-env")::get);

  @Test
  void resolvesWholeReferencesFromEnvironmentAndFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "  file-secret-value\n");
    assertEquals("pw-from-env", secrets.resolve("${env:KAFKA_PASSWORD}", "k"));
    assertEquals("file-secret-value", secrets.resolve("${file:" + file + "}", "k"));
    assertEquals("literal", secrets.resolve("literal", "k"));
    assertTrue(SecretResolver.isReference("${env:X}"));
    assertFalse(SecretResolver.isReference("a${env:X}"));
  }

  @Test
  void resolvesReferencesEmbeddedInLongerValues(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("user");
    Files.writeString(file, "gateway\n");
    String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"${file:" + file
        + "}\" password=\"${env:KAFKA_PASSWORD}\";";
    assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"gateway\" "
        + "password=\"pw-from-env\";", secrets.resolveEmbedded(jaas, "kafka.properties.sasl.jaas.config"));
    assertEquals("no placeholders", secrets.resolveEmbedded("no placeholders", "k"));
  }

  @Test
  void errorsNameTheKeyAndSourceButNoValue(@TempDir Path dir) {
    ConfigException missingEnv = assertThrows(ConfigException.class,
        () -> secrets.resolve("${env:NOT_SET_ANYWHERE}", "tenants[0].tokens[0]"));
    assertEquals("'tenants[0].tokens[0]' refers to environment variable NOT_SET_ANYWHERE, which is not set",
        missingEnv.getMessage());
    ConfigException missingFile = assertThrows(ConfigException.class,
        () -> secrets.resolve("${file:" + dir.resolve("absent") + "}", "kafka.properties.ssl.key.password"));
    assertTrue(missingFile.getMessage().startsWith("'kafka.properties.ssl.key.password' refers to file "),
        missingFile.getMessage());
    assertThrows(ConfigException.class, () -> secrets.resolve("${env:bad name}", "k"));
  }

  @Test
  void masksSecretLookingKeys() {
    Map<String, Object> masked = SecretResolver.mask(Map.of("sasl.jaas.config", "x password=\"p\"",
        "ssl.key.password", "p2", "ssl.keystore.key", "-----BEGIN", "security.protocol", "SASL_SSL",
        "sasl.oauthbearer.token.endpoint.url", "https://idp", "client.secret", "s"));
    assertEquals(SecretResolver.MASK, masked.get("sasl.jaas.config"));
    assertEquals(SecretResolver.MASK, masked.get("ssl.key.password"));
    assertEquals(SecretResolver.MASK, masked.get("ssl.keystore.key"));
    assertEquals(SecretResolver.MASK, masked.get("client.secret"));
    assertEquals("SASL_SSL", masked.get("security.protocol"));
  }
}
