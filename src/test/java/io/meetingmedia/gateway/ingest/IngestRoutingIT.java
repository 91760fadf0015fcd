package io.meetingmedia.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.testing.WithKafka;
import io.meetingmedia.gateway.testing.KafkaCluster;
import io.meetingmedia.gateway.testing.TestGateway;
import io.meetingmedia.gateway.testing.WsClient;
import io.vertx.core.MultiMap;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The vendor is chosen by the path, and refusals happen before the upgrade with a plain HTTP status. */
@WithKafka
class IngestRoutingIT {

  @Test
  void pathsDecideBeforeTheUpgrade(KafkaCluster kafka) throws Exception {
    try (TestGateway gw = TestGateway.start(kafka)) {
      MultiMap none = MultiMap.caseInsensitiveMultiMap();
      assertEquals(404, WsClient.upgradeStatus(gw.ingestPort(), "/ingest/nobody", none), "unknown path");
      assertEquals(404, WsClient.upgradeStatus(gw.ingestPort(), "/", none), "root is not a route");
      assertEquals(101, WsClient.upgradeStatus(gw.ingestPort(), "/ingest/recall", none));
      assertEquals(101, WsClient.upgradeStatus(gw.ingestPort(), "/ingest/recall/?token=x", none),
          "a '/' before the query string is accepted too");

      HttpResponse<String> plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + gw.ingestPort() + "/ingest/recall")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(426, plain.statusCode(), "a plain request to an ingest route is told to upgrade");
      assertEquals("websocket", plain.headers().firstValue("upgrade").orElse(""));
      assertTrue(plain.body().contains("WebSocket"));

      gw.gateway().services().startDraining();
      assertEquals(503, WsClient.upgradeStatus(gw.ingestPort(), "/ingest/recall", none), "no upgrades while draining");
    }
  }
}
