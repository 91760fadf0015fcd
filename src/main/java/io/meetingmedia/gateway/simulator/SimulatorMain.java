package io.meetingmedia.gateway.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar meeting-media-gateway.jar simulate --vendor V [options]}: plays a vendor's bot protocol against a
 * gateway. Exit codes: 0 when every connection completed and every ping was answered, 1 otherwise, 2 for a usage
 * error. See docs/simulator.md.
 */
public final class SimulatorMain {
  private SimulatorMain() {
  }

  /** Runs the command and exits the JVM with its exit code. */
  public static void run(String[] args) {
    quietLibraries();
    System.exit(execute(args, System.out, System.err));
  }

  /**
   * The command prints its own progress; Vert.x and Netty warnings about connections the gateway refused or
   * dropped would only repeat, unordered, what the summary reports.
   */
  private static void quietLibraries() {
    for (String name : new String[] {"io.vertx", "io.netty"}) {
      org.slf4j.Logger logger = LoggerFactory.getLogger(name);
      if (logger instanceof ch.qos.logback.classic.Logger) {
        ((ch.qos.logback.classic.Logger) logger).setLevel(ch.qos.logback.classic.Level.ERROR);
      }
    }
  }

  /** @return the exit code */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    for (String a : args) {
      if ("--help".equals(a) || "-h".equals(a)) {
        out.print(usage());
        return 0;
      }
    }
    Simulator simulator;
    SimulatorOptions options;
    try {
      options = SimulatorOptions.parse(args);
      simulator = new Simulator(options, out);
    } catch (IllegalArgumentException e) {
      err.println("simulate: " + e.getMessage());
      err.println("run 'simulate --help' for the options");
      return 2;
    }
    AtomicBoolean finished = new AtomicBoolean();
    Thread hook = new Thread(() -> {
      if (!finished.get()) {
        out.println();
        out.println("interrupted; summary so far:");
        out.print(simulator.partialSummary().text());
        out.flush();
      }
    }, "simulate-interrupted");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      SimulationSummary summary = simulator.run();
      finished.set(true);
      if (!options.quiet()) {
        out.print(summary.text());
      }
      if (options.jsonSummary() != null) {
        writeJson(options.jsonSummary(), summary);
      }
      return summary.exitCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (RuntimeException e) {
      finished.set(true);
      err.println("simulate failed: " + e.getMessage());
      return 1;
    } finally {
      finished.set(true);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down
      }
    }
  }

  private static void writeJson(Path file, SimulationSummary summary) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, summary.toJson().encodePrettily() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static String usage() {
    return String.join("\n",
        "usage: java -jar meeting-media-gateway.jar simulate --vendor VENDOR [options]",
        "",
        "vendors: attendee, recall, recall-legacy, meetstream, meetstream-audio",
        "",
        "target:",
        "  --gateway URL            gateway base URL (default http://localhost:8080); the route is /ingest/<vendor>",
        "  --url ws://...           full WebSocket URL instead of --gateway",
        "  --token T                appended as ?token=T (never printed)",
        "  --insecure               trust any TLS certificate (wss:// to a self-signed gateway)",
        "load:",
        "  --bots N                 bots (default 1)",
        "  --participants M         participants per bot (default 2)",
        "  --fps F                  frames (or fMP4 chunks) per second per stream (default: the vendor's)",
        "  --seconds S | --frames K run for S seconds (default 10) or K frames per video stream",
        "  --screenshare            participant 0 also shares the screen",
        "  --size 360p|720p|1080p   image size (default 360p)",
        "  --content smooth|noisy   smooth pattern or camera-like noise (much larger PNGs)",
        "  --video png|h264         recall only: PNG frames or H.264 access units (default png)",
        "  --audio                  add audio chunks (attendee, recall)",
        "  --audio-ms MS            audio chunk length (default 100)",
        "  --events                 recall: participant join/leave and transcript events",
        "  --connections-per-bot C  spread a bot's streams over C connections (recall-legacy: C streams)",
        "  --ramp-seconds R         open the connections evenly over R seconds (default 0)",
        "  --ping-seconds N         meetstream: latency ping interval (default 5)",
        "  --pong-timeout-ms MS     meetstream: a slower pong counts as late (default 2000)",
        "  --chunk-bytes N          meetstream: mean fMP4 chunk size (default: fixture bitrate / fps)",
        "  --frame-pool N           distinct images per run (default 8)",
        "transport:",
        "  --fragment-bytes N       split messages into WebSocket frames of N bytes (default: one frame)",
        "  --write-queue-bytes N    per-connection write queue before waiting for drain (default 262144)",
        "  --threads N              event-loop threads (default: CPU cores)",
        "  --connect-timeout-ms MS  (default 10000)",
        "  --late-ms MS             a message sent this much after its due time is late (default 100)",
        "  --grace-seconds S        with --frames: how long a slowed connection may catch up (default 30)",
        "output:",
        "  --send-log FILE          CSV per media message: send_us,vendor,bot_id,participant_id,source,seq,"
            + "payload_bytes,kind,wire_bytes",
        "  --stamp                  embed the send time in each PNG (tEXt) / JPEG (COM) image",
        "  --json-summary FILE      write the summary as JSON",
        "  --quiet                  no progress and no text summary",
        "",
        "exit code: 0 all connections completed and all pings answered; 1 otherwise; 2 usage error",
        "");
  }
}
