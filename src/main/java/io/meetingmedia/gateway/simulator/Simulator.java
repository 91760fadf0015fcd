package io.meetingmedia.gateway.simulator;

import io.meetingmedia.gateway.simulator.engine.ConnectionOutcome;
import io.meetingmedia.gateway.simulator.engine.ConnectionScript;
import io.meetingmedia.gateway.simulator.engine.EpochClock;
import io.meetingmedia.gateway.simulator.engine.LoadVerticle;
import io.meetingmedia.gateway.simulator.engine.RunSettings;
import io.meetingmedia.gateway.simulator.engine.SendLog;
import io.meetingmedia.gateway.simulator.engine.SimConnection;
import io.meetingmedia.gateway.simulator.engine.SimStats;
import io.meetingmedia.gateway.simulator.media.MediaLibrary;
import io.meetingmedia.gateway.simulator.protocol.BotContext;
import io.meetingmedia.gateway.simulator.protocol.Protocols;
import io.meetingmedia.gateway.simulator.protocol.VendorProtocol;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays a vendor protocol against a gateway: plans every bot's connections, runs them on a few event loops, and
 * returns the {@link SimulationSummary}. Usable from the command line ({@link SimulatorMain}) and from tests.
 */
public final class Simulator {
  private final SimulatorOptions options;
  private final PrintStream out;
  private final SimStats stats = new SimStats();
  private final VendorProtocol protocol;
  private final String runTag;
  private final URI uri;
  private final List<String> botIds = new ArrayList<>();
  private volatile long startNanos;

  /**
   * @param options the command line (validated here against the protocol)
   * @param out     where progress goes (unless {@code --quiet})
   * @throws IllegalArgumentException when options do not fit the vendor
   */
  public Simulator(SimulatorOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
    options.validate();
    this.protocol = Protocols.byName(options.vendor());
    Set<String> unused = new TreeSet<>(options.given());
    unused.removeAll(SimulatorOptions.COMMON);
    unused.removeAll(protocol.options());
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException("--" + String.join(", --", unused) + " does not apply to "
          + protocol.name());
    }
    protocol.validate(options);
    this.uri = options.endpoint(protocol.name());
    this.runTag = newRunTag();
  }

  private static String newRunTag() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** @return the tag that makes this run's bot ids unique */
  public String runTag() {
    return runTag;
  }

  /** @return the bot ids of this run (filled when {@link #run()} has planned the bots) */
  public List<String> botIds() {
    return List.copyOf(botIds);
  }

  /**
   * Runs to the end.
   *
   * @return the summary (also written to {@code --json-summary} by the caller)
   */
  public SimulationSummary run() throws InterruptedException {
    if (!options.quiet()) {
      out.printf("preparing %s media (%s, %s frames, pool of %d)...%n", protocol.name(), options.size().label(),
          options.content().name().toLowerCase(java.util.Locale.ROOT), options.framePool());
    }
    MediaLibrary media = new MediaLibrary(options.size(), options.content(), options.framePool(), options.stamp());
    List<ConnectionScript> scripts = new ArrayList<>();
    for (int b = 0; b < options.bots(); b++) {
      botIds.add(protocol.botId(runTag, b));
      scripts.addAll(protocol.connections(new BotContext(b, runTag, options, media, stats)));
    }
    double fps = protocol.fps(options);
    long durationNanos = options.frames() > 0 ? (long) (options.frames() * 1e9 / fps)
        : (long) (options.seconds() * 1e9);
    RunSettings run = new RunSettings(options.frames(), durationNanos, (long) (options.graceSeconds() * 1e9),
        options.lateMillis() * 1000, options.writeQueueBytes(), options.fragmentBytes(),
        options.pongTimeoutMillis() * 1_000_000L, 5000, options.reconnect() ? protocol.reconnectPolicy() : null);
    int threads = Math.max(1, Math.min(options.threads(), scripts.size()));
    SendLog log = options.sendLog() == null ? null : new SendLog(options.sendLog(), protocol.name());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
    ProgressReporter progress = new ProgressReporter(stats, out, scripts.size());
    int unfinished = 0;
    WebSocketClient client = null;
    try {
      boolean ssl = "wss".equals(uri.getScheme());
      client = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setMaxConnections(Math.max(1, scripts.size())).setConnectTimeout((int) options.connectTimeoutMillis())
          .setTrustAll(options.insecure()).setVerifyHost(!options.insecure()).setClosingTimeout(5)
          .setTcpNoDelay(true));
      String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(uri.getHost())
          .setPort(uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80).setURI(path).setSsl(ssl)
          .setTimeout(options.connectTimeoutMillis());
      EpochClock clock = new EpochClock();
      List<List<SimConnection>> shares = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        shares.add(new ArrayList<>());
      }
      List<Future<ConnectionOutcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < scripts.size(); i++) {
        long delay = Math.round(options.rampSeconds() * 1000.0 * i / scripts.size());
        SimConnection c = new SimConnection(vertx, client, connect, scripts.get(i), run, stats, log, clock, delay);
        shares.get(i % threads).add(c);
        outcomes.add(c.outcome());
      }
      if (!options.quiet()) {
        out.printf("simulating %d bots over %d connections to %s (run %s)%n", options.bots(), scripts.size(),
            redacted(uri), runTag);
        progress.start();
      }
      startNanos = System.nanoTime();
      AtomicInteger next = new AtomicInteger();
      try {
        await(vertx.deployVerticle(() -> new LoadVerticle(shares.get(next.getAndIncrement())),
            new DeploymentOptions().setInstances(threads)), 60);
        await(Future.join(outcomes), budgetSeconds());
      } catch (TimeoutException e) {
        unfinished = (int) outcomes.stream().filter(f -> !f.isComplete()).count();
      }
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      progress.close();
      return new SimulationSummary(protocol.name(), redacted(uri), runTag, botIds(), scripts.size(), seconds,
          stats.snapshot(), stats.outcomes(), unfinished, options.lateMillis(),
          options.reconnect() ? stats.reconnects() : null);
    } finally {
      progress.close();
      try {
        if (client != null) {
          await(client.close(), 10);
        }
        await(vertx.close(), 30);
      } catch (TimeoutException e) {
        out.println("warning: Vert.x did not close within 30 s");
      }
      if (log != null) {
        log.close();
      }
    }
  }

  /** How long to wait for every connection, beyond which the run is reported as unfinished. */
  private long budgetSeconds() {
    double fps = protocol.fps(options);
    double stream = options.frames() > 0 ? options.frames() / fps + options.graceSeconds() : options.seconds();
    return (long) Math.ceil(options.rampSeconds() + stream + options.connectTimeoutMillis() / 1000.0
        + options.pongTimeoutMillis() / 1000.0 + 5 + 30);
  }

  private static <T> T await(Future<T> future, long seconds) throws InterruptedException, TimeoutException {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  /** @return the URL without its query string, which usually holds a secret */
  static String redacted(URI uri) {
    String s = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
    return uri.getRawQuery() == null ? s : s + "?…";
  }

  /** @return a summary of the run so far, e.g. when interrupted */
  public SimulationSummary partialSummary() {
    double seconds = startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9;
    SimStats.Snapshot s = stats.snapshot();
    return new SimulationSummary(protocol.name(), redacted(uri), runTag, botIds(), (int) s.connectAttempts(), seconds,
        s, stats.outcomes(), Math.max(0, (int) (s.connectAttempts() - stats.outcomes().size())),
        options.lateMillis(), options.reconnect() ? stats.reconnects() : null);
  }
}
