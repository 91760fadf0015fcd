package io.meetingmedia.gateway.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.kafka.FreePorts;
import io.meetingmedia.gateway.simulator.SimulationSummary;
import io.meetingmedia.gateway.simulator.Simulator;
import io.meetingmedia.gateway.simulator.SimulatorOptions;
import io.meetingmedia.gateway.simulator.media.Fmp4Fixture;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * MeetStream's fragmented MP4 really plays in the live view: the simulator streams the fMP4 fixture of one bot
 * through a gateway and a real broker (in chunks cut anywhere, even inside boxes). A script watching from the start
 * gets the init segment first, with the codecs read from it, then chunks from a fragment boundary on. Headless
 * Chromium then opens the page in the middle of the stream: it must start from the cached init segment at the next
 * fragment, and its {@code <video>} must decode (readyState ≥ HAVE_CURRENT_DATA, decoded frames and currentTime
 * growing, the SourceBuffer holding buffered ranges). When the bot comes back with a new stream, the page gets a
 * {@code resync}, throws its SourceBuffer away and plays the new stream. Saves {@code target/live-view-fmp4.png}.
 * Skips itself where Chromium or chromedriver is missing, like {@link LiveViewBrowserIT}.
 */
@WithKafka
class LiveViewFmp4BrowserIT {
  private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

  @Test
  @Timeout(240)
  void meetStreamFmp4PlaysInAVideoForAViewerJoiningMidStream(KafkaCluster kafka) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "SKIPPED: the live-view fMP4 browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
            + " (Debian: apt-get install chromium chromium-driver)");
    int viewPort = FreePorts.find();
    Fmp4Fixture fixture = Fmp4Fixture.load();
    String codecs = Mp4Codecs.of(Buffer.buffer(fixture.init())).orElseThrow();
    try (TestGateway gw = TestGateway.start(kafka, json -> json
        .put("view", new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", viewPort)));
        WsClient script = WsClient.connect(viewPort, "/view/ws")) {
      List<Buffer> binary = new CopyOnWriteArrayList<>();
      script.socket().binaryMessageHandler(binary::add);

      CompletableFuture<SimulationSummary> simulation = CompletableFuture.supplyAsync(() -> {
        try {
          return new Simulator(SimulatorOptions.parse(new String[] {"--vendor", "meetstream", "--gateway",
              "http://127.0.0.1:" + gw.ingestPort(), "--bots", "1", "--fps", "8", "--seconds", "20", "--quiet"}),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });

      // the script watched from the start: init segment (with the codecs read from it), then a fragment start
      Awaitility.await("init segment and chunks for the script").atMost(Duration.ofSeconds(60))
          .until(() -> binary.size() >= 4);
      JsonObject init = header(binary.get(0));
      assertEquals(true, init.getBoolean("init"), "the first message of the stream is its init segment: " + init);
      assertEquals(codecs, init.getString("codec"), "codecs read from the init segment");
      assertEquals(Buffer.buffer(fixture.init()), payload(binary.get(0)), "the init segment as MeetStream sent it");
      assertEquals("moof", payload(binary.get(1)).getString(4, 8, "ISO-8859-1"), "then a fragment start");
      String bot = init.getString("bot");

      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
      ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
          .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--autoplay-policy=no-user-gesture-required", "--window-size=1000,700");
      ChromeDriver driver = new ChromeDriver(service, options);
      try {
        // the page joins the running stream
        driver.get("http://127.0.0.1:" + viewPort + "/view/");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(200));
        wait.until(d -> d.findElement(By.id("status")).getText().contains("development mode"));
        String video = "document.querySelector('figure[data-bot=\"" + bot + "\"][data-participant=\"mixed\"]"
            + "[data-source=\"mixed\"] > video')";
        wait.withMessage("a <video> tile for " + bot).until(d -> (Boolean) driver.executeScript(
            "return " + video + " !== null;"));
        wait.withMessage("the video has decoded data (readyState >= 2) and buffered ranges in its SourceBuffer")
            .until(d -> (Boolean) driver.executeScript("const v = " + video + ";"
                + "const s = v.liveMediaSource;"
                + "return v.readyState >= 2 && !!s && s.sourceBuffers.length === 1"
                + " && s.sourceBuffers[0].buffered.length > 0;"));
        assertPlays(driver, wait, video);
        String stats = driver.findElement(By.cssSelector("figure[data-bot] figcaption .stats")).getText();
        assertTrue(stats.matches("\\d+\\.\\d fps · \\d+\\.\\d s old.*"), "tile statistics: " + stats);
        Path target = Path.of("target");
        Files.createDirectories(target);
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target.resolve("live-view-fmp4.png"), StandardCopyOption.REPLACE_EXISTING);

        SimulationSummary summary = simulation.get(120, TimeUnit.SECONDS);
        assertEquals(0, summary.exitCode(), summary.text());
        // the bot reconnects with a new stream: the page is told to resync, throws its SourceBuffer away and plays
        // the new stream from its own init segment
        driver.executeScript("window.firstStream = " + video + ".liveMediaSource;");
        try (WsClient again = WsClient.connect(gw.ingestPort(), "/ingest/meetstream")) {
          again.sendText(new JsonObject().put("type", "video_stream_start").put("bot_id", bot).put("codec", "h264")
              .encode());
          ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
          try {
            // real time: a quarter of a second of media every 250 ms, cut anywhere like MeetStream's chunks
            Fmp4Fixture.Cursor cursor = fixture.cursor();
            int quarter = (int) (fixture.bytesPerSecond() / 4);
            again.sendBinary(cursor.next(fixture.init().length / 2));
            pace.scheduleAtFixedRate(() -> again.sendBinary(cursor.next(quarter)), 0, 250, TimeUnit.MILLISECONDS);
            wait.withMessage("the page resynchronised on the new stream").until(d -> (Boolean) driver.executeScript(
                "const v = " + video + "; return !!v.liveMediaSource && v.liveMediaSource !== window.firstStream;"));
            assertPlays(driver, wait, video);
            assertTrue(driver.findElement(By.cssSelector("figure[data-bot] figcaption .stats")).getText()
                .contains("resynced"), "the tile says it resynchronised");
          } finally {
            pace.shutdownNow();
          }
        }
      } finally {
        driver.quit();
      }
    }
  }

  /** Waits until the video decodes and plays: readyState, buffered ranges, frames and currentTime advancing. */
  private static void assertPlays(ChromeDriver driver, WebDriverWait wait, String video) {
    wait.withMessage("the video has decoded data (readyState >= 2) and buffered ranges in its SourceBuffer")
        .until(d -> (Boolean) driver.executeScript("const v = " + video + ";"
            + "const s = v.liveMediaSource;"
            + "return v.readyState >= 2 && !!s && s.sourceBuffers.length === 1"
            + " && s.sourceBuffers[0].buffered.length > 0;"));
    Map<String, Object> first = playback(driver, video);
    wait.withMessage("playback advances: more frames decoded, currentTime moves; first " + first)
        .until(d -> {
          Map<String, Object> now = playback(driver, video);
          return number(now, "frames") >= number(first, "frames") + 10
              && number(now, "time") >= number(first, "time") + 1.0;
        });
    Map<String, Object> last = playback(driver, video);
    assertEquals(null, last.get("error"), "no media error: " + last);
    assertTrue(number(last, "bufferedEnd") > number(last, "bufferedStart"), "buffered range: " + last);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> playback(ChromeDriver driver, String video) {
    return (Map<String, Object>) driver.executeScript("const v = " + video + ";"
        + "const b = v.liveMediaSource.sourceBuffers[0].buffered;"
        + "return { frames: v.getVideoPlaybackQuality().totalVideoFrames, time: v.currentTime,"
        + " readyState: v.readyState, error: v.error ? v.error.message : null,"
        + " bufferedStart: b.length ? b.start(0) : 0, bufferedEnd: b.length ? b.end(b.length - 1) : 0 };");
  }

  private static double number(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).doubleValue();
  }

  private static JsonObject header(Buffer message) {
    return new JsonObject(message.getString(4, 4 + message.getInt(0)));
  }

  private static Buffer payload(Buffer message) {
    return message.slice(4 + message.getInt(0), message.length());
  }
}
