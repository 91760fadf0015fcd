package io.meetingmedia.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A fresh gateway, before any connection, already exposes every metric of README's table, at 0, for every vendor,
 * tenant and documented reason: the HPA sees {@code gateway_connections_open} 0 and alerts see the first failure.
 */
@WithKafka
class MetricsFromStartIT {
  private static final List<String> VENDORS = List.of("recall", "recall-legacy", "attendee", "meetstream",
      "meetstream-audio");
  private static final List<String> TENANTS = List.of("acme", "beta");

  /** One row of README's metric table. */
  record Row(List<String> names, List<String> labels) {
  }

  static List<Row> readmeMetricTable() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int start = lines.indexOf("| metric | labels | meaning |");
    assertTrue(start >= 0, "README has the metric table");
    List<Row> rows = new ArrayList<>();
    for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String[] cells = lines.get(i).split("\\|");
      List<String> names = backticked(cells[1]);
      List<String> labels = Arrays.stream(cells[2].split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
      rows.add(new Row(names, labels));
    }
    assertTrue(rows.size() >= 10, "rows: " + rows);
    return rows;
  }

  private static List<String> backticked(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("`([^`]+)`").matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** @return the reasons docs/security.md's table of refused upgrades lists */
  static List<String> documentedHandshakeReasons() throws Exception {
    List<String> reasons = new ArrayList<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(Path.of("docs", "security.md"))) {
      if (line.startsWith("| status | reason (metric label)")) {
        inTable = true;
      } else if (inTable && line.startsWith("|")) {
        reasons.addAll(backticked(line.split("\\|")[2]));
      } else if (inTable) {
        break;
      }
    }
    reasons.remove("---");
    return reasons;
  }

  /** @return the reasons README lists for refused messages ({@code ce_reason (...)}) */
  static List<String> documentedBadMessageReasons() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher m = Pattern.compile("with `ce_reason` \\(([^)]*)\\)").matcher(readme);
    assertTrue(m.find(), "README lists the dead-letter reasons");
    return backticked(m.group(1));
  }

  @Test
  void everyDocumentedMetricExistsAtZeroOnAFreshGateway(KafkaCluster kafka) throws Exception {
    JsonArray tenants = new JsonArray();
    for (String t : TENANTS) {
      tenants.add(new JsonObject().put("id", t).put("tokens", new JsonArray().add("token-of-" + t + "-0123456789")));
    }
    List<String> handshakeReasons = documentedHandshakeReasons();
    List<String> badReasons = documentedBadMessageReasons();
    assertTrue(handshakeReasons.size() >= 10 && badReasons.size() >= 9, handshakeReasons + " " + badReasons);
    try (TestGateway gw = TestGateway.start(kafka, json -> json.put("tenants", tenants))) {
      String scrape = scrape(gw.config().management().port());
      for (Row row : readmeMetricTable()) {
        for (String name : row.names()) {
          if (name.startsWith("gateway_view_")) {
            // the live view's meters exist from the start of the view server, which this gateway does not run
            continue;
          }
          List<Map<String, String>> samples = samples(scrape, name);
          assertFalse(samples.isEmpty(), name + " is exposed before any connection");
          for (String label : row.labels()) {
            List<String> expected = switch (label) {
              case "vendor" -> VENDORS;
              case "tenant" -> TENANTS;
              case "kind" -> Arrays.stream(MediaKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList();
              case "reason" -> name.startsWith("gateway_handshake") ? handshakeReasons : badReasons;
              default -> List.of();
            };
            for (String value : expected) {
              assertTrue(samples.stream().anyMatch(s -> value.equals(s.get(label))),
                  name + "{" + label + "=\"" + value + "\"} exists from start-up");
            }
          }
          if (name.equals("gateway_inflight_limit_bytes")) {
            // a stated limit, not a count: it shows the budget in force from the start
            assertTrue(Double.parseDouble(samples.get(0).get("__value")) > 0, name + " " + samples + " is the budget");
          } else if (!name.equals("gateway_inflight_bytes")) {
            for (Map<String, String> s : samples) {
              assertEquals("0", s.get("__value").replaceAll("\\.0$", ""), name + " " + s + " starts at 0");
            }
          }
        }
      }
    }
  }

  /** @return the samples of a metric (a histogram's by its {@code _count}), labels by name, value as __value */
  private static List<Map<String, String>> samples(String scrape, String name) {
    List<Map<String, String>> out = new ArrayList<>();
    Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(?:_count)?(?:\\{([^}]*)\\})? (\\S+)$",
        Pattern.MULTILINE);
    Matcher m = line.matcher(scrape);
    while (m.find()) {
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(1) != null) {
        Matcher kv = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(m.group(1));
        while (kv.find()) {
          labels.put(kv.group(1), kv.group(2));
        }
      }
      labels.put("__value", m.group(2));
      out.add(labels);
    }
    return out;
  }

  private static String scrape(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return response.body();
  }
}
