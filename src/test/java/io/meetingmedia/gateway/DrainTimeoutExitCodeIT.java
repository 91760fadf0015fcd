package io.meetingmedia.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.FrameSender;
import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.GatewayProcess;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.KafkaQuotas;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.TestImages;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while Kafka is too slow for the drain timeout: the process does not pretend success. It exits with
 * {@link ExitCodes#DRAIN_INCOMPLETE} and logs how many bytes were left unacknowledged. (A completed drain exits 0:
 * GracefulShutdownIT.)
 */
@WithKafka
class DrainTimeoutExitCodeIT {

  @Test
  void drainTimeoutWithRecordsInFlightExitsWithDrainIncomplete(KafkaCluster kafka) {
    String clientId = "drain-exit-it-" + UUID.randomUUID().toString().substring(0, 8);
    KafkaQuotas.throttleProducer(kafka, clientId, 200_000);
    JsonObject config = TestGateway.baseConfig(kafka)
        .put("shutdown", new JsonObject().put("drainTimeoutSeconds", 1).put("flushTimeoutSeconds", 1));
    config.getJsonObject("kafka").put("clientId", clientId);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      frames.add(TestImages.png(640, 360, 300 + i % 4, true));
    }
    try (GatewayProcess gateway = GatewayProcess.start(config, "256m")) {
      new FrameSender(WsClient.connect(gateway.ingestPort(), "/ingest/recall"), "bot-exit", 1, frames).start();
      Awaitility.await("records in flight").atMost(Duration.ofSeconds(30))
          .until(() -> GatewayProcess.metric(gateway.metrics(), "gateway_inflight_bytes") > 1024 * 1024);
      gateway.sigterm();
      assertEquals(ExitCodes.DRAIN_INCOMPLETE, gateway.awaitExit(Duration.ofSeconds(60)), gateway.logText());
      List<Map<String, Object>> stopped = gateway.logEvents("gateway stopped");
      assertEquals(1, stopped.size(), gateway.logText());
      assertEquals(false, stopped.get(0).get("drained"));
      assertTrue(((Number) stopped.get(0).get("unacknowledgedBytes")).longValue() > 0, stopped.toString());
    }
  }
}
