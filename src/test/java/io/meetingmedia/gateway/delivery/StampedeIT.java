package io.meetingmedia.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.simulator.blast.BlastOptions;
import io.meetingmedia.gateway.simulator.blast.BlastResult;
import io.meetingmedia.gateway.simulator.blast.Blaster;
import io.meetingmedia.gateway.simulator.media.Content;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.GatewayProcess;
import io.meetingmedia.gateway.testing.GcLog;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TopicReader;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many vendor sockets push as fast as TCP allows while Kafka is down for 15 s, against a gateway with a 1 GiB heap
 * and the default (heap-derived) budgets: no {@code OutOfMemoryError}, no socket closed with 1006 or 1011, every
 * frame the clients wrote is in Kafka, in order per key, none twice, and the heap left live after every collection
 * stays within the bound README states: {@code k × gatewayInFlightBytes + c × connections + fixed}.
 */
@WithKafka
@Timeout(600)
class StampedeIT {
  static final long MIB = 1024 * 1024;
  /** The documented bound (README, "Memory bound"); these are the values the test enforces. */
  static final double K = 1.75;
  static final long C_BYTES = 128 * 1024;
  static final long FIXED_MIB = 96;
  static final Duration OUTAGE = Duration.ofSeconds(15);

  @Test
  void largeFramesFromManySocketsWhileKafkaIsDown(KafkaCluster kafka) throws Exception {
    stampede(kafka, "recall-legacy", 150, 4, 1280, 900, Content.NOISY, 1_500_000, new JsonObject());
  }

  @Test
  void aThousandSocketsOfSmallJsonFramesWhileKafkaIsDown(KafkaCluster kafka) throws Exception {
    stampede(kafka, "recall", 1000, 12, 128, 96, Content.NOISY, 30_000,
        new JsonObject().put("maxConnections", 2000).put("maxConnectionsPerTenant", 2000));
  }

  private void stampede(KafkaCluster kafka, String route, int connections, int frames, int width, int height,
      Content content, long minFrameBytes, JsonObject limits) throws Exception {
    JsonObject config = TestGateway.baseConfig(kafka).put("limits", limits);
    String topic = config.getJsonObject("kafka").getJsonObject("topics").getString("videoFrames");
    GcLog gc = GcLog.create();
    try (GatewayProcess gateway = GatewayProcess.start(config, "1g", gc.jvmOptions());
        TopicReader reader = new TopicReader(kafka, topic)) {
      double budget = GatewayProcess.metric(gateway.metrics(), "gateway_inflight_limit_bytes");
      assertEquals(256.0 * MIB, budget, "the default gateway budget is a quarter of the 1 GiB heap");
      BlastOptions options = BlastOptions.frames(
          URI.create("ws://127.0.0.1:" + gateway.ingestPort() + "/ingest/" + route), connections, frames)
          .images(width, height, content, 2);
      CompletableFuture<BlastResult> blast = CompletableFuture.supplyAsync(() -> {
        try {
          return Blaster.run(options);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      });

      Awaitility.await("the first records reach Kafka").atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(100)).until(() -> reader.endOffsetSum() > 0);
      kafka.stop();
      double[] maxInFlight = {0};
      try {
        // while Kafka is down the gateway stops reading; it must stay alive and within its budget the whole time
        Awaitility.await("gateway holds out while Kafka is down").during(OUTAGE).atMost(OUTAGE.plusSeconds(10))
            .pollInterval(Duration.ofMillis(500)).until(() -> {
              if (!gateway.isAlive()) {
                return false;
              }
              maxInFlight[0] = Math.max(maxInFlight[0],
                  GatewayProcess.metric(gateway.metrics(), "gateway_inflight_bytes"));
              return true;
            });
        assertTrue(GatewayProcess.metric(gateway.metrics(), "gateway_sockets", "state=\"waiting\"")
            + GatewayProcess.metric(gateway.metrics(), "gateway_sockets", "state=\"paused\"") > 0,
            "sockets were held back: the test ran at saturation");
      } finally {
        kafka.start();
      }

      BlastResult result = blast.get(300, TimeUnit.SECONDS);
      for (BlastResult.Connection c : result.connections()) {
        assertNull(c.error(), "connection " + c.index() + " ended cleanly");
        assertEquals(1000, c.closeCode(), "connection " + c.index() + " got a normal close, not 1006 or 1011");
        assertEquals(frames, c.framesWritten(), "connection " + c.index() + " wrote all its frames");
      }
      long written = result.framesWritten();
      long wireBytes = result.connections().stream().mapToLong(BlastResult.Connection::wireBytes).sum();
      assertTrue(wireBytes / written >= minFrameBytes,
          "frames of " + wireBytes / written + " bytes on the wire, as large as the test claims");
      Map<String, Long> nextSeq = new HashMap<>();
      long[] outOfOrder = {0};
      reader.stream(written, Duration.ofSeconds(240), r -> {
        long seq = Long.parseLong(TopicReader.header(r, "ce_seq"));
        long expected = nextSeq.getOrDefault(r.key(), 0L);
        if (seq != expected) {
          outOfOrder[0]++;
        }
        nextSeq.put(r.key(), seq + 1);
      });
      assertEquals(0, outOfOrder[0], "records in order per key, none twice, none missing");
      assertEquals(written, reader.endOffsetSum(), "every frame written is in Kafka, none twice");

      assertTrue(gateway.isAlive(), "the gateway survived");
      assertFalse(gateway.logText().contains("OutOfMemoryError"), "no OutOfMemoryError");
      assertTrue(gateway.logEvents("Kafka did not acknowledge a record, closing with 1011").isEmpty(),
          "no socket closed with 1011");
      // a socket stops at the read that spends the budget, even inside a frame: one network read (64 KiB, charged
      // twice) beyond it, plus the one socket let through to finish its message when the budget held only partial ones
      long inFlightBound = (long) budget + connections * 2L * 64 * 1024 + 32 * MIB;
      assertTrue(maxInFlight[0] <= inFlightBound,
          "in-flight bytes " + maxInFlight[0] + " within the budget plus one read per socket: " + inFlightBound);
      long heapBoundMib = (long) (K * budget / MIB + (double) connections * C_BYTES / MIB) + FIXED_MIB;
      long liveMib = gc.maxAfterGcMib();
      System.out.printf("stampede %s: %d connections x %d frames of %d bytes, %d written, max in flight %.1f MiB, "
              + "heap live after GC max %d MiB (before GC max %d MiB, %d full GCs), bound %d MiB, gc log %s%n",
          route, connections, frames, wireBytes / written, written, maxInFlight[0] / MIB, liveMib, gc.maxBeforeGcMib(),
          gc.fullCollections(), heapBoundMib, gc);
      assertTrue(liveMib > 0, "the GC log recorded collections");
      assertTrue(liveMib <= heapBoundMib,
          "heap live after GC " + liveMib + " MiB within the documented bound " + heapBoundMib + " MiB");
    }
  }
}
