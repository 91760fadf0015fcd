package io.meetingmedia.gateway.kafka;

import io.meetingmedia.gateway.config.KafkaConfig;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this gateway can deliver to Kafka now, for readiness. Two signals, so that one slow or frozen broker of a
 * healthy cluster never takes the gateway out of the load balancer:
 * <ul>
 *   <li>the producer itself: any acknowledgement within {@link #ACK_WINDOW_MILLIS} proves that the cluster takes
 *   writes, whatever a metadata call to a single broker says;</li>
 *   <li>a periodic metadata probe ({@code describeCluster}, answered by whichever broker the admin client picks),
 *   which only counts once {@link #FAILURE_THRESHOLD} probes in a row failed.</li>
 * </ul>
 * Readiness is lost only when both say no: no acknowledgement for a while <em>and</em> several failed probes. It comes
 * back with the first acknowledgement or the first answered probe. Liveness never depends on it: a broker blip must
 * not restart every pod and drop every meeting.
 */
public final class KafkaReachability implements AutoCloseable {
  /** Consecutive failed probes before the probe side says "unreachable". */
  public static final int FAILURE_THRESHOLD = 3;
  /** An acknowledgement younger than this keeps the gateway ready whatever the probes say. */
  public static final long ACK_WINDOW_MILLIS = 15_000;
  private static final Logger LOG = LoggerFactory.getLogger(KafkaReachability.class);

  /** What the gateway currently believes about Kafka. */
  public enum State {
    /** No probe has answered yet (start-up). */
    UNKNOWN,
    /** Kafka takes writes (recent acknowledgement or answered probe). */
    REACHABLE,
    /** Probes failed, fewer than the threshold: still reachable for readiness. */
    SUSPECT,
    /** At least {@link #FAILURE_THRESHOLD} probes failed and no acknowledgement in the window. */
    UNREACHABLE
  }

  private final Vertx vertx;
  private final Admin admin;
  private final long probeTimeoutMillis;
  private final LongSupplier clock;
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile long lastAckMillis = Long.MIN_VALUE / 2;
  private int consecutiveFailures;
  private volatile State probeState = State.UNKNOWN;
  private volatile boolean lastReported;
  private long timer = -1;

  public KafkaReachability(Vertx vertx, KafkaConfig kafka) {
    this(vertx, Admin.create(KafkaClientSettings.admin(kafka)), 3000, System::currentTimeMillis);
  }

  KafkaReachability(Vertx vertx, Admin admin, long probeTimeoutMillis, LongSupplier clock) {
    this.vertx = vertx;
    this.admin = admin;
    this.probeTimeoutMillis = probeTimeoutMillis;
    this.clock = clock;
  }

  /** Probes now and then every {@code periodMillis}. */
  public void start(long periodMillis) {
    probe();
    timer = vertx.setPeriodic(periodMillis, id -> probe());
  }

  private void probe() {
    if (admin == null || !probing.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(() -> !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) probeTimeoutMillis))
            .nodes().get(probeTimeoutMillis + 1000, TimeUnit.MILLISECONDS).isEmpty(), false)
        .onComplete(ar -> {
          probing.set(false);
          probeAnswered(ar.succeeded() && ar.result());
        });
  }

  /** Records the outcome of one metadata probe. */
  synchronized void probeAnswered(boolean ok) {
    if (ok) {
      consecutiveFailures = 0;
      probeState = State.REACHABLE;
    } else {
      consecutiveFailures++;
      probeState = consecutiveFailures >= FAILURE_THRESHOLD ? State.UNREACHABLE : State.SUSPECT;
      LOG.atDebug().addKeyValue("consecutiveFailures", consecutiveFailures).log("Kafka metadata probe failed");
    }
    report();
  }

  /** Called for every record Kafka acknowledged: the producer's own proof that the cluster takes writes. */
  public void acknowledged() {
    lastAckMillis = clock.getAsLong();
  }

  /** @return the current state, from the probes and the producer's acknowledgements */
  public State state() {
    if (clock.getAsLong() - lastAckMillis < ACK_WINDOW_MILLIS) {
      return State.REACHABLE;
    }
    return probeState;
  }

  /** @return whether the gateway should count as ready as far as Kafka goes */
  public boolean isReachable() {
    State s = state();
    boolean now = s == State.REACHABLE || s == State.SUSPECT;
    if (now != lastReported) {
      report();
    }
    return now;
  }

  private void report() {
    State s = state();
    boolean now = s == State.REACHABLE || s == State.SUSPECT;
    if (lastReported != now) {
      lastReported = now;
      LOG.atInfo().addKeyValue("reachable", now).addKeyValue("state", s)
          .addKeyValue("consecutiveProbeFailures", consecutiveFailures)
          .log(now ? "Kafka is reachable" : "Kafka is not reachable");
    }
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }
}
