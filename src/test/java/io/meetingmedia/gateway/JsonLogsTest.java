package io.meetingmedia.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code LOG_FORMAT=JSON} as log pipelines (Loki, Elasticsearch, Cloud Logging) want it: one object per line, each
 * key/value a top-level field with its JSON type, a value not known yet absent rather than {@code "null"}. Runs the
 * shipped logback.xml in a child JVM, since the format is chosen from the environment when logging starts.
 */
class JsonLogsTest {

  /** Logs one connection line the way the ingest does before the vendor named its bot. */
  public static void main(String[] args) {
    LoggerFactory.getLogger("io.meetingmedia.gateway.ingest.WebSocketConnection").atInfo()
        .addKeyValue("connectionId", "c-1").addKeyValue("vendor", "recall").addKeyValue("tenant", "acme")
        .addKeyValue("botId", (Object) null).addKeyValue("closeCode", 1001).addKeyValue("messages", 42L)
        .addKeyValue("drained", true).log("connection closed");
  }

  @Test
  void topLevelTypedFieldsAndNoNullStrings() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Dlogback.configurationFile="
        + Path.of("src", "main", "resources", "logback.xml").toAbsolutePath(), "-cp",
        System.getProperty("java.class.path"), JsonLogsTest.class.getName());
    pb.environment().put("LOG_FORMAT", "JSON");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(1, out.lines().count(), out);
    JsonObject line = new JsonObject(out);
    assertEquals("connection closed", line.getString("message"));
    assertEquals("INFO", line.getString("level"));
    assertTrue(line.containsKey("@timestamp"), out);
    assertEquals("recall", line.getString("vendor"));
    assertEquals("acme", line.getString("tenant"));
    assertEquals("c-1", line.getString("connectionId"));
    assertEquals(1001, line.getValue("closeCode"), "numbers stay numbers");
    assertEquals(42, ((Number) line.getValue("messages")).intValue());
    assertEquals(Boolean.TRUE, line.getValue("drained"));
    assertFalse(line.containsKey("botId"), "unknown yet = absent: " + out);
    assertFalse(line.containsKey("kvpList"), out);
    assertFalse(out.contains("\"null\""), out);
  }
}
