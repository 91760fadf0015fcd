package io.meetingmedia.gateway.relay;

import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.MockProducer;

/** The relay's unit tests share this: the relay deployed on a {@code MockProducer}, and the envelopes they send. */
final class RelayFixtures {
  private RelayFixtures() {
  }

  /** Deploys the relay with default configuration, publishing to {@code mock}. */
  static Future<String> deployRelay(Vertx vertx, MockProducer<String, byte[]> mock) {
    vertx.eventBus().registerCodec(new RelayRequest.LocalCodec());
    GatewayConfig config = GatewayConfig.fromJson(new JsonObject(), VendorRegistry.builtIn().names());
    return vertx.deployVerticle(new KafkaRelayVerticle(config, v -> KafkaProducer.create(v, mock)));
  }

  /**
   * Sends {@code envelope} to the relay as a connection does.
   *
   * @return completes when the relay settles the request: succeeded once Kafka acknowledged, failed with Kafka's error
   */
  static Future<Void> send(Vertx vertx, MediaEnvelope envelope) {
    Promise<Void> settled = Promise.promise();
    vertx.eventBus().send(RelayAddress.ADDRESS, new RelayRequest(envelope) {
      @Override
      public void settled(Throwable failure) {
        if (failure == null) {
          settled.complete();
        } else {
          settled.fail(failure);
        }
      }
    }, RelayRequest.delivery());
    return settled.future();
  }

  /** @return a small video frame of bot-1, participant 100, with sequence {@code seq} */
  static MediaEnvelope frame(long seq) {
    return new EnvelopeBuilder("default", "recall", "conn-1", Instant.parse("2026-01-01T00:00:00Z"))
        .botId("bot-1").participantId("100").kind(MediaKind.VIDEO_FRAME).type("meeting.video.frame")
        .contentType("image/png").payload(("png " + seq).getBytes(StandardCharsets.UTF_8))
        .build("id-" + seq, seq);
  }
}
