package io.meetingmedia.gateway.kafka;

import io.meetingmedia.gateway.config.KafkaConfig;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodically asks the cluster for its nodes, so that readiness reflects whether Kafka answers now. Liveness
 * never depends on it: a broker blip must not restart every pod and drop every meeting.
 */
public final class KafkaReachability implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaReachability.class);
  private final Vertx vertx;
  private final Admin admin;
  private final AtomicBoolean reachable = new AtomicBoolean();
  private final AtomicBoolean probing = new AtomicBoolean();
  private long timer = -1;

  public KafkaReachability(Vertx vertx, KafkaConfig kafka) {
    this.vertx = vertx;
    this.admin = Admin.create(KafkaClientSettings.admin(kafka));
  }

  /** Probes now and then every {@code periodMillis}. */
  public void start(long periodMillis) {
    probe();
    timer = vertx.setPeriodic(periodMillis, id -> probe());
  }

  private void probe() {
    if (!probing.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(() -> !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty(), false)
        .onComplete(ar -> {
          probing.set(false);
          boolean now = ar.succeeded() && ar.result();
          if (reachable.getAndSet(now) != now) {
            LOG.atInfo().addKeyValue("reachable", now).log(now ? "Kafka is reachable" : "Kafka is not reachable");
          }
        });
  }

  /** @return whether the last probe reached the cluster */
  public boolean isReachable() {
    return reachable.get();
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    admin.close(java.time.Duration.ofSeconds(2));
  }
}
