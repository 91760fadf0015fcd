package io.meetingmedia.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The gateway as its own process (the test classpath, {@code GatewayMain}), for what an in-JVM gateway cannot show:
 * a real SIGTERM, and a heap of its own whose limit ({@code -Xmx}, exit on OOM) proves memory stays bounded.
 */
public final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final JsonObject config;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private GatewayProcess(Process process, Path log, JsonObject config) {
    this.process = process;
    this.log = log;
    this.config = config;
  }

  /**
   * Starts the gateway and waits until it is ready.
   *
   * @param config configuration document (see {@link TestGateway#baseConfig})
   * @param maxHeap e.g. {@code 256m}
   */
  public static GatewayProcess start(JsonObject config, String maxHeap) {
    return start(config, maxHeap, List.of());
  }

  /**
   * Starts the gateway with extra JVM options (e.g. a GC log) and waits until it is ready.
   *
   * @param jvmOptions options placed before the main class
   */
  public static GatewayProcess start(JsonObject config, String maxHeap, List<String> jvmOptions) {
    List<String> args = new ArrayList<>(List.of("-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError"));
    args.addAll(jvmOptions);
    args.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.meetingmedia.gateway.GatewayMain"));
    GatewayProcess gp = launch(config, args);
    gp.awaitReady();
    return gp;
  }

  /**
   * Starts {@code java -jar JAR --config FILE} without waiting for readiness (it may be meant to refuse to start).
   *
   * @param jar    a built artifact, e.g. {@code target/meeting-media-gateway-production.jar}
   * @param config configuration document
   * @return the process
   */
  public static GatewayProcess startJar(Path jar, JsonObject config) {
    return launch(config, List.of("-Xmx256m", "-jar", jar.toString()));
  }

  private static GatewayProcess launch(JsonObject config, List<String> javaArgs) {
    try {
      Path dir = Files.createTempDirectory("gateway-process");
      Path file = dir.resolve("gateway.json");
      Files.writeString(file, config.encodePrettily());
      Path log = dir.resolve("gateway.log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(javaArgs);
      command.add("--config");
      command.add(file.toString());
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().put("LOG_FORMAT", "JSON");
      pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      return new GatewayProcess(pb.start(), log, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until {@code /health/ready} answers 200, failing if the process exits first. */
  public void awaitReady() {
    Awaitility.await("gateway process ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          if (!process.isAlive()) {
            throw new AssertionError("gateway process exited: " + logText());
          }
          return ready();
        });
  }

  public int ingestPort() {
    return config.getJsonObject("ingest").getInteger("port");
  }

  public int managementPort() {
    return config.getJsonObject("management").getInteger("port");
  }

  /** @return whether {@code /health/ready} answers 200 */
  public boolean ready() {
    return readyStatus() == 200;
  }

  /** @return the status of {@code /health/ready}, or -1 when the management server does not answer */
  public int readyStatus() {
    try {
      return get("/health/ready").statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /** @return the Prometheus scrape */
  public String metrics() {
    try {
      return get("/metrics").body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @return the sum of all samples of a metric whose labels contain every given {@code label="value"} fragment
   */
  public static double metric(String scrape, String name, String... labelFragments) {
    double sum = 0;
    Pattern p = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE);
    Matcher m = p.matcher(scrape);
    while (m.find()) {
      String labels = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String fragment : labelFragments) {
        all &= labels.contains(fragment);
      }
      if (all) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Sends SIGTERM, as Kubernetes does. */
  public void sigterm() {
    process.destroy();
  }

  /** @return the exit code, waiting up to the timeout */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("gateway process did not exit within " + timeout + "\n" + logText());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** @return the process output so far */
  public String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** @return the fields (typed, top-level) of every JSON log line whose message is {@code message} */
  public List<Map<String, Object>> logEvents(String message) {
    List<Map<String, Object>> events = new ArrayList<>();
    for (String line : logText().split("\n")) {
      if (!line.startsWith("{")) {
        continue;
      }
      JsonObject json;
      try {
        json = new JsonObject(line);
      } catch (RuntimeException e) {
        continue;
      }
      if (message.equals(json.getString("message"))) {
        events.add(json.getMap());
      }
    }
    return events;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
