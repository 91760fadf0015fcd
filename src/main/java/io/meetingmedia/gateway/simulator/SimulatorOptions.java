package io.meetingmedia.gateway.simulator;

import io.meetingmedia.gateway.simulator.media.Content;
import io.meetingmedia.gateway.simulator.media.FrameSize;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code simulate} command line. Mutable while parsing, read-only afterwards. {@link #given()} remembers which
 * options were typed, so a protocol can refuse options that mean nothing to it instead of silently ignoring them.
 */
public final class SimulatorOptions {
  /** Options every protocol accepts. */
  public static final Set<String> COMMON = Set.of("vendor", "url", "gateway", "token", "bots", "seconds", "frames",
      "ramp-seconds", "threads", "fragment-bytes", "write-queue-bytes", "late-ms", "connect-timeout-ms", "insecure",
      "send-log", "quiet", "json-summary", "grace-seconds", "reconnect");
  private static final Set<String> FLAGS = Set.of("screenshare", "audio", "events", "insecure", "stamp", "quiet");
  private static final Set<String> VALUED = Set.of("vendor", "url", "gateway", "token", "bots", "participants", "fps",
      "seconds", "frames", "size", "content", "video", "audio-ms", "connections-per-bot", "ping-seconds",
      "pong-timeout-ms", "chunk-bytes", "frame-pool", "ramp-seconds", "threads", "fragment-bytes",
      "write-queue-bytes", "late-ms", "connect-timeout-ms", "grace-seconds", "send-log", "json-summary", "reconnect");

  String vendor;
  String url;
  String gateway = "http://localhost:8080";
  String token;
  int bots = 1;
  int participants = 2;
  Double fps;
  double seconds = 10;
  long frames;
  boolean screenshare;
  FrameSize size = FrameSize.P360;
  Content content = Content.SMOOTH;
  String video = "png";
  boolean audio;
  int audioMillis = 100;
  boolean events;
  Integer connectionsPerBot;
  double pingSeconds = 5;
  long pongTimeoutMillis = 2000;
  Integer chunkBytes;
  int framePool = 8;
  double rampSeconds;
  int threads = Runtime.getRuntime().availableProcessors();
  int fragmentBytes;
  int writeQueueBytes = 256 * 1024;
  long lateMillis = 100;
  long connectTimeoutMillis = 10_000;
  double graceSeconds = 30;
  boolean insecure;
  Path sendLog;
  boolean stamp;
  boolean quiet;
  Path jsonSummary;
  boolean reconnect;
  private final Set<String> given = new HashSet<>();

  /**
   * @param args the arguments after {@code simulate}
   * @return the options
   * @throws IllegalArgumentException with a message for the user
   */
  public static SimulatorOptions parse(String[] args) {
    SimulatorOptions o = new SimulatorOptions();
    for (CommandLine.Option option : CommandLine.split(args, FLAGS, VALUED)) {
      o.set(option.name(), option.value());
    }
    o.validate();
    return o;
  }

  /**
   * Sets one option as if typed.
   *
   * @return this
   */
  public SimulatorOptions set(String name, String value) {
    try {
      apply(name, value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " needs a number, not '" + value + "'");
    }
    given.add(name);
    return this;
  }

  private void apply(String name, String value) {
    switch (name) {
      case "vendor" -> vendor = value.toLowerCase(Locale.ROOT);
      case "url" -> url = value;
      case "gateway" -> gateway = value;
      case "token" -> token = value;
      case "bots" -> bots = Integer.parseInt(value);
      case "participants" -> participants = Integer.parseInt(value);
      case "fps" -> fps = Double.parseDouble(value);
      case "seconds" -> seconds = Double.parseDouble(value);
      case "frames" -> frames = Long.parseLong(value);
      case "screenshare" -> screenshare = true;
      case "size" -> size = FrameSize.parse(value);
      case "content" -> content = Content.parse(value);
      case "video" -> video = value.toLowerCase(Locale.ROOT);
      case "audio" -> audio = true;
      case "audio-ms" -> audioMillis = Integer.parseInt(value);
      case "events" -> events = true;
      case "connections-per-bot" -> connectionsPerBot = Integer.parseInt(value);
      case "ping-seconds" -> pingSeconds = Double.parseDouble(value);
      case "pong-timeout-ms" -> pongTimeoutMillis = Long.parseLong(value);
      case "chunk-bytes" -> chunkBytes = Integer.parseInt(value);
      case "frame-pool" -> framePool = Integer.parseInt(value);
      case "ramp-seconds" -> rampSeconds = Double.parseDouble(value);
      case "threads" -> threads = Integer.parseInt(value);
      case "fragment-bytes" -> fragmentBytes = Integer.parseInt(value);
      case "write-queue-bytes" -> writeQueueBytes = Integer.parseInt(value);
      case "late-ms" -> lateMillis = Long.parseLong(value);
      case "connect-timeout-ms" -> connectTimeoutMillis = Long.parseLong(value);
      case "grace-seconds" -> graceSeconds = Double.parseDouble(value);
      case "insecure" -> insecure = true;
      case "send-log" -> sendLog = Path.of(value);
      case "stamp" -> stamp = true;
      case "quiet" -> quiet = true;
      case "json-summary" -> jsonSummary = Path.of(value);
      case "reconnect" -> {
        if (!"vendor".equals(value) && !"none".equals(value)) {
          throw new IllegalArgumentException("--reconnect must be vendor or none");
        }
        reconnect = "vendor".equals(value);
      }
      default -> throw new IllegalArgumentException("unknown option --" + name);
    }
  }

  /**
   * Checks ranges and combinations every protocol shares.
   *
   * @throws IllegalArgumentException with a message for the user
   */
  public void validate() {
    if (vendor == null) {
      throw new IllegalArgumentException("--vendor is required (attendee, recall, recall-legacy, meetstream,"
          + " meetstream-audio)");
    }
    positive("bots", bots);
    positive("participants", participants);
    positive("frame-pool", framePool);
    positive("threads", threads);
    positive("audio-ms", audioMillis);
    positive("write-queue-bytes", writeQueueBytes);
    if (fps != null && !(fps > 0 && fps <= 1000)) {
      throw new IllegalArgumentException("--fps must be in (0, 1000]");
    }
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("--seconds must be positive");
    }
    if (frames < 0) {
      throw new IllegalArgumentException("--frames must not be negative");
    }
    if (given.contains("seconds") && given.contains("frames")) {
      throw new IllegalArgumentException("give --seconds or --frames, not both");
    }
    if (!(pingSeconds > 0)) {
      throw new IllegalArgumentException("--ping-seconds must be positive");
    }
    if (connectionsPerBot != null && connectionsPerBot < 1) {
      throw new IllegalArgumentException("--connections-per-bot must be at least 1");
    }
    if (chunkBytes != null && chunkBytes < 1) {
      throw new IllegalArgumentException("--chunk-bytes must be at least 1");
    }
    if (fragmentBytes < 0 || rampSeconds < 0 || lateMillis < 0 || graceSeconds < 0 || pongTimeoutMillis < 1
        || connectTimeoutMillis < 1) {
      throw new IllegalArgumentException("negative or zero durations and sizes are not allowed");
    }
    if (!"png".equals(video) && !"h264".equals(video)) {
      throw new IllegalArgumentException("--video must be png or h264");
    }
    if (url != null && given.contains("gateway")) {
      throw new IllegalArgumentException("give --url or --gateway, not both");
    }
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException("--" + name + " must be at least 1");
    }
  }

  /**
   * @param route the vendor's route name
   * @return the WebSocket URL: {@code --url} as given, or {@code --gateway} with {@code /ingest/<route>} and
   *     {@code ?token=} appended (http becomes ws, https becomes wss)
   */
  public URI endpoint(String route) {
    return GatewayEndpoint.of(url, gateway, token, route);
  }

  /** @return the option names typed on the command line (without {@code --}) */
  public Set<String> given() {
    return Set.copyOf(given);
  }

  public String vendor() {
    return vendor;
  }

  public int bots() {
    return bots;
  }

  public int participants() {
    return participants;
  }

  public Double fps() {
    return fps;
  }

  public double seconds() {
    return seconds;
  }

  public long frames() {
    return frames;
  }

  public boolean screenshare() {
    return screenshare;
  }

  public FrameSize size() {
    return size;
  }

  public Content content() {
    return content;
  }

  public String video() {
    return video;
  }

  public boolean audio() {
    return audio;
  }

  public int audioMillis() {
    return audioMillis;
  }

  public boolean events() {
    return events;
  }

  public Integer connectionsPerBot() {
    return connectionsPerBot;
  }

  public double pingSeconds() {
    return pingSeconds;
  }

  public long pongTimeoutMillis() {
    return pongTimeoutMillis;
  }

  public Integer chunkBytes() {
    return chunkBytes;
  }

  public int framePool() {
    return framePool;
  }

  public double rampSeconds() {
    return rampSeconds;
  }

  public int threads() {
    return threads;
  }

  public int fragmentBytes() {
    return fragmentBytes;
  }

  /** @return whether bots reconnect after a close by the gateway as the vendor does ({@code --reconnect vendor}) */
  public boolean reconnect() {
    return reconnect;
  }

  public int writeQueueBytes() {
    return writeQueueBytes;
  }

  public long lateMillis() {
    return lateMillis;
  }

  public long connectTimeoutMillis() {
    return connectTimeoutMillis;
  }

  public double graceSeconds() {
    return graceSeconds;
  }

  public boolean insecure() {
    return insecure;
  }

  public Path sendLog() {
    return sendLog;
  }

  public boolean stamp() {
    return stamp;
  }

  public boolean quiet() {
    return quiet;
  }

  public Path jsonSummary() {
    return jsonSummary;
  }
}
