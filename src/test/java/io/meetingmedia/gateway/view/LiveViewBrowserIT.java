package io.meetingmedia.gateway.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.kafka.FreePorts;
import io.meetingmedia.gateway.simulator.SimulationSummary;
import io.meetingmedia.gateway.simulator.Simulator;
import io.meetingmedia.gateway.simulator.SimulatorOptions;
import io.meetingmedia.gateway.simulator.media.FrameStamp;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live view in a real browser (headless Chromium driven by the system's chromedriver) against a gateway and a
 * real broker. The simulator plays 2 Recall bots × 2 participants for one tenant; the page, logged in with that
 * tenant's token, shows 4 tiles whose images load and change (each image carries the simulator's send time, read
 * back from the tile and found in the send log), and the tiles go when the participants leave. A token of another
 * tenant sees none of these bots; no token gets 401. Skips itself where Chromium or chromedriver is missing
 * (Debian: {@code apt-get install chromium chromium-driver}; {@code .ci/run} installs them).
 */
@WithKafka
class LiveViewBrowserIT {
  private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
  private static final String ACME_TOKEN = "acme-view-token-0123456789abcdef";
  private static final String GLOBEX_TOKEN = "globex-view-token-0123456789abcdef";

  @Test
  @Timeout(240)
  void pageShowsEveryParticipantsLatestFrameToItsTenantOnly(KafkaCluster kafka, @TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "SKIPPED: the live-view browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
            + " (Debian: apt-get install chromium chromium-driver)");
    int viewPort = FreePorts.find();
    try (TestGateway gw = TestGateway.start(kafka, json -> json
        .put("view", new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", viewPort))
        .put("tenants", new JsonArray()
            .add(new JsonObject().put("id", "acme").put("topicPrefix", "acme.")
                .put("tokens", new JsonArray().add(ACME_TOKEN)))
            .add(new JsonObject().put("id", "globex").put("tokens", new JsonArray().add(GLOBEX_TOKEN)))))) {

      assertEquals(401, WsClient.upgradeStatus(viewPort, "/view/ws", MultiMap.caseInsensitiveMultiMap()),
          "no token, no view");
      assertEquals(401, WsClient.upgradeStatus(viewPort, "/view/ws?token=not-a-tenant-token-at-all",
          MultiMap.caseInsensitiveMultiMap()), "unknown token");

      // another tenant watches all along and must see none of acme's bots or frames
      AtomicInteger globexFrames = new AtomicInteger();
      List<String> globexTexts = new CopyOnWriteArrayList<>();
      try (WsClient globex = WsClient.connect(viewPort, "/view/ws",
          MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + GLOBEX_TOKEN))) {
        globex.socket().binaryMessageHandler(b -> globexFrames.incrementAndGet());
        globex.socket().textMessageHandler(globexTexts::add);

        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
            .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,900");
        ChromeDriver driver = new ChromeDriver(service, options);
        Map<String, List<Long>> stampsSeen = new HashMap<>();
        Path sendLog = dir.resolve("send.csv");
        CompletableFuture<SimulationSummary> simulation = null;
        try {
          driver.get("http://127.0.0.1:" + viewPort + "/view/");
          WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(200));
          wait.until(d -> d.findElement(By.id("status")).getText().contains("enter your tenant token"));
          driver.findElement(By.id("token")).sendKeys(ACME_TOKEN);
          driver.findElement(By.cssSelector("#login button")).click();
          wait.until(d -> d.findElement(By.id("status")).getText().contains("tenant acme"));
          // the bots start once the page watches, so that their whole life is seen
          simulation = CompletableFuture.supplyAsync(() -> {
            try {
              return new Simulator(SimulatorOptions.parse(new String[] {"--vendor", "recall", "--gateway",
                  "http://127.0.0.1:" + gw.ingestPort(), "--token", ACME_TOKEN, "--bots", "2", "--participants", "2",
                  "--fps", "4", "--seconds", "20", "--events", "--stamp", "--send-log", sendLog.toString(), "--quiet"}),
                  new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
          wait.withMessage("4 tiles with loaded images").until(d -> loadedTiles(driver) == 4);
          List<WebElement> figures = driver.findElements(By.cssSelector("figure[data-bot]"));
          Set<String> tiles = new HashSet<>();
          for (WebElement f : figures) {
            tiles.add(f.getAttribute("data-bot") + ":" + f.getAttribute("data-participant") + ":"
                + f.getAttribute("data-source"));
          }
          assertEquals(4, tiles.size(), "one tile per participant and source: " + tiles);
          assertEquals(2, tiles.stream().map(t -> t.split(":")[0]).distinct().count(), "two bots");

          // every tile's image changes: its embedded send time moves forward
          for (String tile : tiles) {
            wait.withMessage("the image of " + tile + " is readable").until(d -> {
              long stamp = stampOf(driver, tile);
              if (stamp > 0) {
                stampsSeen.put(tile, new ArrayList<>(List.of(stamp)));
              }
              return stamp > 0;
            });
          }
          for (String tile : tiles) {
            long first = stampsSeen.get(tile).get(0);
            wait.withMessage("the image of " + tile + " changes").until(d -> {
              long now = stampOf(driver, tile);
              if (now > first) {
                stampsSeen.get(tile).add(now);
                return true;
              }
              return false;
            });
          }
          Path target = Path.of("target");
          Files.createDirectories(target);
          Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
          Files.copy(shot, target.resolve("live-view.png"), StandardCopyOption.REPLACE_EXISTING);
          String fps = driver.findElement(By.cssSelector("figure[data-bot] figcaption .stats")).getText();
          assertTrue(fps.matches("\\d+\\.\\d fps · \\d+\\.\\d s old"), "tile statistics: " + fps);

          SimulationSummary summary = simulation.get(120, TimeUnit.SECONDS);
          assertEquals(0, summary.exitCode(), summary.text());
          // the simulator's participants leave before it closes: their tiles go, their bots stay (closed)
          wait.withMessage("tiles removed when the participants leave")
              .until(d -> d.findElements(By.cssSelector("figure[data-bot]")).isEmpty());
          assertEquals(2, driver.findElements(By.cssSelector("section.bot")).size(), "bots still listed");
          assertEquals(new HashSet<>(summary.botIds()),
              tiles.stream().map(t -> t.split(":")[0]).collect(java.util.stream.Collectors.toSet()));
        } finally {
          driver.quit();
        }

        // each stamp read from a tile is one the simulator logged for that bot, participant and source
        Map<String, Set<Long>> logged = new HashMap<>();
        for (String line : Files.readAllLines(sendLog)) {
          String[] l = line.split(",", -1);
          logged.computeIfAbsent(l[2] + ":" + l[3] + ":" + l[4], k -> new HashSet<>()).add(Long.parseLong(l[0]));
        }
        stampsSeen.forEach((tile, stamps) -> {
          assertEquals(2, stamps.size(), tile);
          for (long stamp : stamps) {
            assertTrue(logged.getOrDefault(tile, Set.of()).contains(stamp),
                "tile " + tile + " shows a frame sent at " + stamp + " that the send log has");
          }
        });

        assertTrue(globexTexts.stream().anyMatch(t -> t.contains("\"hello\"") && t.contains("globex")),
            "the other tenant is connected: " + globexTexts);
        assertEquals(List.of(), globexTexts.stream().filter(t -> !t.contains("\"hello\"")).toList(),
            "the other tenant sees no bot of acme");
        assertEquals(0, globexFrames.get(), "the other tenant gets no frame of acme");
      }
    }
  }

  private static long loadedTiles(ChromeDriver driver) {
    Object n = driver.executeScript("return [...document.querySelectorAll('figure[data-bot] > img')]"
        + ".filter(i => i.complete && i.naturalWidth > 0).length;");
    return ((Number) n).longValue();
  }

  /** @return the send time embedded in the image the tile shows now, read from the image's own bytes */
  private static long stampOf(ChromeDriver driver, String tile) {
    String[] id = tile.split(":");
    Object b64 = ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "const fig = [...document.querySelectorAll('figure[data-bot]')].find(f => f.dataset.bot === arguments[0]"
            + " && f.dataset.participant === arguments[1] && f.dataset.source === arguments[2]);"
            + "const img = fig && fig.querySelector('img');"
            + "if (!img) { done(null); return; }"
            + "fetch(img.src).then(r => r.arrayBuffer()).then(a => {"
            + "  let s = ''; const u = new Uint8Array(a); for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);"
            + "  done(btoa(s)); }).catch(e => done(null));",
        id[0], id[1], id[2]);
    if (b64 == null) {
      return -1; // no such tile, or the image changed while it was read: the next poll reads again
    }
    OptionalLong stamp = FrameStamp.read(Base64.getDecoder().decode((String) b64));
    assertTrue(stamp.isPresent(), "the tile shows a stamped image of the simulator");
    return stamp.getAsLong();
  }
}
