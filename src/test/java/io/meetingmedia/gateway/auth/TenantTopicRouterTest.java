package io.meetingmedia.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.relay.TopicRouter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantTopicRouterTest {

  private static MediaEnvelope envelope(String tenant, MediaKind kind) {
    return new EnvelopeBuilder(tenant, "recall", "c1", Instant.now()).botId("bot").participantId("p").kind(kind)
        .type("t").contentType("application/json").payload(new byte[] {1}).build("id", 0);
  }

  @Test
  void tenantPrefixDecidesTheTopic() {
    JsonArray tenants = new JsonArray()
        .add(new JsonObject().put("id", "a").put("tokens", new JsonArray().add("tenant-a-token-0123456789"))
            .put("topicPrefix", "acme."))
        .add(new JsonObject().put("id", "b").put("tokens", new JsonArray().add("tenant-b-token-0123456789")));
    GatewayConfig config = GatewayConfig.fromJson(new JsonObject().put("tenants", tenants), Set.of("recall"));
    TopicRouter router = new TopicRouter(config.kafka().topics(), config.tenants());
    assertEquals("acme.meeting.events", router.topic(envelope("a", MediaKind.EVENT)));
    assertEquals("acme.meeting.deadletter", router.topic(envelope("a", MediaKind.DEAD_LETTER)));
    assertEquals("meeting.events", router.topic(envelope("b", MediaKind.EVENT)), "no prefix: shared topics");
    assertEquals("meeting.events", router.topic(envelope("default", MediaKind.EVENT)));
  }
}
