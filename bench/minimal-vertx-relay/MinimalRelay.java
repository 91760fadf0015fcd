// The comparator "least a Java developer writes" on the gateway's own stack (docs/benchmark.md): one Vert.x HTTP
// server, Jackson's readTree, java.util.Base64 and a plain KafkaProducer with acks=all and idempotence. No envelope,
// no event bus, no CloudEvents headers, no back-pressure beyond send() blocking on a full buffer, no delivery
// guarantee toward the vendor. Routes as the gateway's: /ingest/recall (base64 PNG in JSON) and
// /ingest/recall-legacy (text hello, then u32le participant, u32le ms, PNG).
//
// Run from the gateway's fat jar (it holds Vert.x, Jackson and the Kafka client):
//   java -cp target/meeting-media-gateway.jar bench/minimal-vertx-relay/MinimalRelay.java --port 8091 --bootstrap localhost:9092
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

public class MinimalRelay {
  public static void main(String[] args) {
    int port = 8091;
    String bootstrap = "localhost:9092";
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--port")) port = Integer.parseInt(args[i + 1]);
      if (args[i].equals("--bootstrap")) bootstrap = args[i + 1];
    }
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    p.put("max.request.size", String.valueOf(16 << 20));
    KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    ObjectMapper mapper = new ObjectMapper();
    AtomicLong failed = new AtomicLong();
    Vertx vertx = Vertx.vertx();
    HttpServerOptions options = new HttpServerOptions().setMaxWebSocketFrameSize(16 << 20)
        .setMaxWebSocketMessageSize(16 << 20);
    vertx.createHttpServer(options).webSocketHandler(ws -> {
      String path = ws.path();
      String[] botId = new String[1];
      ws.textMessageHandler(text -> {
        try {
          JsonNode msg = mapper.readTree(text);
          if (path.equals("/ingest/recall-legacy")) {
            botId[0] = msg.get("bot_id").asText();
            return;
          }
          if (!"video_separate_png.data".equals(msg.path("event").asText())) return;
          JsonNode data = msg.get("data");
          JsonNode frame = data.get("data");
          byte[] png = Base64.getDecoder().decode(frame.get("buffer").asText());
          String key = data.get("bot").get("id").asText() + ":" + frame.get("participant").get("id").asText();
          producer.send(new ProducerRecord<>("meeting.video.frames", key, png), (m, e) -> {
            if (e != null) failed.incrementAndGet();
          });
        } catch (Exception e) {
          System.err.println("bad message: " + e);
        }
      });
      ws.binaryMessageHandler(buf -> {
        int participant = buf.getIntLE(0);
        byte[] png = buf.getBytes(8, buf.length());
        producer.send(new ProducerRecord<>("meeting.video.frames", botId[0] + ":" + participant, png), (m, e) -> {
          if (e != null) failed.incrementAndGet();
        });
      });
    }).listen(port).onSuccess(s -> System.out.println("relay listening on " + s.actualPort()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      producer.close();
      System.out.println("{\"failed\":" + failed.get() + "}");
    }));
  }
}
