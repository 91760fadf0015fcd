package io.meetingmedia.gateway.simulator.blast;

import io.meetingmedia.gateway.simulator.media.Content;
import io.meetingmedia.gateway.simulator.media.FrameSize;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar meeting-media-gateway.jar blast --url ws://HOST:PORT/ingest/recall [options]}: the benchmark's
 * load generator (docs/benchmark.md). Prints one JSON line with per-connection counts. Exit codes: 0 when every
 * connection wrote its frames and closed cleanly, 1 otherwise, 2 for a usage error.
 */
public final class BlastMain {
  private BlastMain() {
  }

  static String usage() {
    return "usage: blast --url ws://HOST:PORT/ingest/(recall|recall-legacy) [options]\n"
        + "  --connections N     parallel connections, one bot each (default 8)\n"
        + "  --seconds S         send for S seconds (default 15 unless --frames is given)\n"
        + "  --frames N          stop each connection after N frames\n"
        + "  --rate R            total messages per second; default: as fast as the target reads\n"
        + "  --size 360p|720p|1080p|WxH   image size (default 360p)\n"
        + "  --content smooth|noisy       (default smooth)\n"
        + "  --participants N    Recall participants per connection, i.e. distinct keys (default 2)\n"
        + "  --pool N            distinct images (default 2)\n"
        + "  --write-bytes N     bytes per write at full speed (default 262144)\n"
        + "  --end close|reset   end each connection with a close frame or a TCP reset (default close)\n"
        + "  --json-summary FILE also write the JSON result to FILE\n"
        + "  --payload-file FILE only write the decoded payloads for Kafka's ProducerPerformance --payload-file\n"
        + "                      (bytes masked to 7 bits, newline-separated, each exactly as long as the frame) and exit\n";
  }

  /** Runs the command and exits the JVM with its exit code. */
  public static void run(String[] args) {
    System.exit(execute(args, System.out, System.err));
  }

  static int execute(String[] args, PrintStream out, PrintStream err) {
    URI url = null;
    int connections = 8;
    double seconds = 0;
    long frames = 0;
    double rate = 0;
    int width = FrameSize.P360.width();
    int height = FrameSize.P360.height();
    Content content = Content.SMOOTH;
    int participants = 2;
    int pool = 2;
    int writeBytes = 256 * 1024;
    BlastOptions.Ending ending = BlastOptions.Ending.CLOSE;
    Path summary = null;
    Path payloadFile = null;
    BlastOptions options;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if ("--help".equals(a) || "-h".equals(a)) {
          out.print(usage());
          return 0;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--url" -> url = URI.create(v);
          case "--connections" -> connections = Integer.parseInt(v);
          case "--seconds" -> seconds = Double.parseDouble(v);
          case "--frames" -> frames = Long.parseLong(v);
          case "--rate" -> rate = Double.parseDouble(v);
          case "--size" -> {
            if (v.matches("\\d+x\\d+")) {
              width = Integer.parseInt(v.substring(0, v.indexOf('x')));
              height = Integer.parseInt(v.substring(v.indexOf('x') + 1));
            } else {
              FrameSize size = FrameSize.parse(v);
              width = size.width();
              height = size.height();
            }
          }
          case "--content" -> content = Content.parse(v);
          case "--participants" -> participants = Integer.parseInt(v);
          case "--pool" -> pool = Integer.parseInt(v);
          case "--write-bytes" -> writeBytes = Integer.parseInt(v);
          case "--end" -> ending = BlastOptions.Ending.parse(v);
          case "--json-summary" -> summary = Path.of(v);
          case "--payload-file" -> payloadFile = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (url == null && payloadFile != null) {
        url = URI.create("ws://localhost/ingest/recall");
      }
      if (url == null) {
        throw new IllegalArgumentException("--url is required");
      }
      if (seconds <= 0 && frames <= 0) {
        seconds = 15;
      }
      options = new BlastOptions(url, connections, frames, seconds, rate, width, height, content, participants, pool,
          writeBytes, ending);
    } catch (IllegalArgumentException e) {
      err.println("blast: " + e.getMessage());
      err.print(usage());
      return 2;
    }
    try {
      Blaster blaster = new Blaster(options);
      if (payloadFile != null) {
        Files.write(payloadFile, blaster.producerPerformancePayloads());
        out.println("{\"payloadFile\":\"" + payloadFile + "\",\"meanImageBytes\":" + blaster.meanImageBytes() + "}");
        return 0;
      }
      long cpu0 = processCpuNanos();
      BlastResult result = blaster.run();
      long cpu1 = processCpuNanos();
      String json = result.toJson();
      json = json.substring(0, json.length() - 1) + ",\"meanImageBytes\":" + blaster.meanImageBytes()
          + ",\"processCpuSeconds\":" + (cpu1 - cpu0) / 1e9 + "}";
      out.println(json);
      if (summary != null) {
        Files.writeString(summary, json + "\n", StandardCharsets.UTF_8);
      }
      return result.failed() == 0 ? 0 : 1;
    } catch (IllegalArgumentException e) {
      err.println("blast: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (IOException e) {
      err.println("blast: " + e.getMessage());
      return 1;
    }
  }

  /** @return CPU time of the whole process (every thread, GC included), or 0 when the JVM cannot tell */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }
}
