package io.meetingmedia.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.config.ConfigLoader;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.TopicsConfig;
import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.envelope.VideoSource;
import io.meetingmedia.gateway.kafka.TopicProvisioner;
import io.meetingmedia.gateway.relay.CloudEventHeaders;
import io.meetingmedia.gateway.relay.TopicRouter;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.SessionOutput;
import io.meetingmedia.gateway.adapter.VendorRegistry;
import io.meetingmedia.gateway.adapter.support.EventJson;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/asyncapi.yaml} is the consumers' contract. These tests tie it to the code that writes the records:
 * topic names and sizes, keys chosen by {@link TopicRouter}, headers written by {@link CloudEventHeaders}, every
 * {@code ce_<attribute>} an adapter sets, the dead-letter reasons and the event JSON.
 */
class AsyncApiContractTest {
  private final AsyncApiDocument doc = AsyncApiDocument.load();
  private final List<String> vendors = SchemaDocument.load().vendorNames();
  private final GatewayConfig defaults = GatewayConfig.fromJson(new JsonObject(), vendors);
  private final TopicsConfig topics = defaults.kafka().topics();

  @Test
  void channelsCoverEveryTopicAndTheGatewaySendsToEach() {
    Set<String> addresses = new LinkedHashSet<>();
    // Kafka topics; the live view's WebSocket channel (no kafka binding) is checked in liveViewChannelIsDocumented
    doc.root().path("channels").forEach(c -> {
      if (c.path("bindings").has("kafka")) {
        addresses.add(c.path("address").asText());
      }
    });
    assertEquals(Set.copyOf(topics.all()), addresses);
    assertEquals("3.0.0", doc.root().path("asyncapi").asText());
    Set<JsonNode> operated = new HashSet<>();
    for (JsonNode op : doc.root().path("operations")) {
      assertEquals("send", op.path("action").asText(), "the gateway only produces");
      JsonNode channel = doc.deref(op.path("channel"));
      if (!channel.path("bindings").has("kafka")) {
        continue;
      }
      operated.add(channel);
      for (JsonNode message : op.path("messages")) {
        assertEquals(doc.messageOf(channel.path("address").asText()), doc.deref(doc.deref(message)));
      }
    }
    for (String topic : topics.all()) {
      assertTrue(operated.contains(doc.channelOf(topic)), "no send operation on " + topic);
    }
  }

  @Test
  void liveViewChannelIsDocumented() {
    JsonNode channel = doc.root().path("channels").path("liveView");
    assertEquals(io.meetingmedia.gateway.view.ViewVerticle.WS_PATH, channel.path("address").asText());
    assertEquals(defaults.view().port() + "", doc.root().path("servers").path("liveView").path("host").asText()
        .replaceAll(".*:", ""));
    assertEquals(Set.of("token", "bot", "participant"), toSet(channel.path("bindings").path("ws").path("query")
        .path("properties").fieldNames()));
  }

  private static Set<String> toSet(java.util.Iterator<String> names) {
    Set<String> set = new HashSet<>();
    names.forEachRemaining(set::add);
    return set;
  }

  @Test
  void topicBindingsMatchTheGatewaySizesAndTheKafkaTopics() {
    Map<String, Integer> required = new TopicProvisioner(defaults).requiredRecordBytes();
    Map<String, JsonNode> strimzi = new HashMap<>();
    Manifests.load(Path.of("k8s")).kind("KafkaTopic")
        .forEach(t -> strimzi.put(t.node().path("spec").path("topicName").asText(), t.node().path("spec")));
    for (String topic : topics.all()) {
      JsonNode kafka = doc.channelOf(topic).path("bindings").path("kafka");
      assertEquals("0.5.0", kafka.path("bindingVersion").asText());
      assertEquals(topic, kafka.path("topic").asText());
      JsonNode config = kafka.path("topicConfiguration");
      long max = config.path("max.message.bytes").asLong();
      assertTrue(max >= required.get(topic), topic + ": " + max + " < " + required.get(topic));
      JsonNode k8s = strimzi.get(topic);
      assertEquals(k8s.path("config").path("max.message.bytes").asLong(), max, topic + " differs from its KafkaTopic");
      assertEquals("[\"" + k8s.path("config").path("cleanup.policy").asText() + "\"]",
          config.path("cleanup.policy").toString(), topic);
      assertEquals(k8s.path("replicas").asInt(), kafka.path("replicas").asInt(), topic);
      assertEquals(k8s.path("partitions").asInt(), kafka.path("partitions").asInt(), topic);
    }
    assertEquals("[\"compact\"]", doc.channelOf(topics.videoFmp4Init()).path("bindings").path("kafka")
        .path("topicConfiguration").path("cleanup.policy").toString());
  }

  @Test
  void keysAreTheOnesTheRouterChooses() {
    TopicRouter router = new TopicRouter(topics);
    Map<String, MediaEnvelope> samples = new HashMap<>();
    samples.put("frame", envelope(MediaKind.VIDEO_FRAME, "image/png"));
    samples.put("h264", envelope(MediaKind.VIDEO_CHUNK, "video/h264"));
    samples.put("fmp4", envelope(MediaKind.VIDEO_CHUNK, "video/mp4"));
    samples.put("init", envelope(MediaKind.VIDEO_INIT_SEGMENT, "video/mp4"));
    samples.put("audio", envelope(MediaKind.AUDIO_CHUNK, "audio/pcm;rate=16000;channels=1;encoding=s16le"));
    samples.put("event", envelope(MediaKind.EVENT, "application/json"));
    samples.put("dead", envelope(MediaKind.DEAD_LETTER, "application/octet-stream"));
    Set<String> routed = new HashSet<>();
    for (MediaEnvelope envelope : samples.values()) {
      String topic = router.topic(envelope);
      routed.add(topic);
      JsonNode message = doc.messageOf(topic);
      JsonNode key = doc.deref(message.path("bindings").path("kafka").path("key"));
      String pattern = key.path("pattern").asText(key.path("minLength").isMissingNode() ? null : ".+");
      String actual = router.key(envelope);
      assertTrue(actual.matches(pattern), topic + " key " + actual + " vs " + pattern);
      assertEquals(envelope.kind() == MediaKind.VIDEO_INIT_SEGMENT, !actual.contains(":"), topic);
      assertEquals(message.path("contentType").asText().startsWith(envelope.contentType().split(";")[0]),
          true, topic + " content type " + envelope.contentType());
    }
    assertEquals(Set.copyOf(topics.all()), routed, "one sample per topic");
  }

  private static MediaEnvelope envelope(MediaKind kind, String contentType) {
    return new EnvelopeBuilder("default", "recall", "conn-1", Instant.parse("2026-10-06T08:10:00Z"))
        .botId("bot-1").participantId("100").kind(kind).type("meeting.test").contentType(contentType)
        .payload(new byte[] {1}).build("id-1", 0);
  }

  @Test
  void everyHeaderTheRelayWritesIsDeclaredAndRequiredOnesAlwaysWritten() {
    JsonNode common = doc.deref(doc.root().path("components").path("schemas").path("CloudEventHeaders"));
    Set<String> declared = new HashSet<>();
    common.path("properties").fieldNames().forEachRemaining(declared::add);
    Set<String> required = new HashSet<>();
    common.path("required").forEach(r -> required.add(r.asText()));

    MediaEnvelope full = new EnvelopeBuilder("acme", "recall", "conn-1", Instant.now()).botId("b").participantId("p")
        .participantName("Jane").kind(MediaKind.VIDEO_FRAME).source(VideoSource.WEBCAM).type("meeting.video.frame")
        .contentType("image/png").vendorTime(Instant.now()).mediaTimeMillis(1500L).payload(new byte[1])
        .build("id", 3);
    Set<String> written = new HashSet<>();
    CloudEventHeaders.of(full, "b:p").forEach(h -> written.add(h.key()));
    written.remove("ce_videosource"); // declared by the video messages
    assertEquals(declared, written, "CloudEventHeaders schema vs what the relay writes");

    MediaEnvelope minimal = envelope(MediaKind.EVENT, "application/json");
    Set<String> minimalWritten = new HashSet<>();
    CloudEventHeaders.of(minimal, "bot-1:100").forEach(h -> minimalWritten.add(h.key()));
    assertTrue(minimalWritten.containsAll(required), "required but not always written: " + required);
    assertTrue(required.containsAll(List.of("ce_specversion", "ce_id", "ce_source", "ce_type", "content-type")),
        "the CloudEvents required attributes");
  }

  @Test
  void everyAttributeAnAdapterSetsIsDeclared() throws IOException {
    Set<String> declared = new HashSet<>();
    doc.root().path("components").path("messages").forEach(m -> declared.addAll(doc.declaredHeaders(m)));
    Set<String> attributes = new LinkedHashSet<>();
    Pattern call = Pattern.compile("\\.attribute\\(\\s*\"([a-z0-9]+)\"");
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
        Matcher m = call.matcher(Files.readString(file));
        while (m.find()) {
          attributes.add(m.group(1));
        }
      }
    }
    assertTrue(attributes.containsAll(List.of("width", "height", "reason", "truncated")), attributes.toString());
    List<String> missing = attributes.stream().map(a -> "ce_" + a).filter(h -> !declared.contains(h))
        .collect(Collectors.toList());
    assertEquals(List.of(), missing, "headers written by adapters but not declared in docs/asyncapi.yaml");
  }

  @Test
  void deadLetterReasonsAndVendorsAreEnumeratedCompletely() {
    JsonNode deadLetter = doc.messageOf(topics.deadLetter());
    JsonNode parts = doc.deref(deadLetter.path("headers")).path("allOf");
    JsonNode reason = parts.get(1).path("properties").path("ce_reason");
    Set<String> documented = new HashSet<>();
    reason.path("enum").forEach(r -> documented.add(r.asText()));
    assertEquals(Arrays.stream(BadMessageReason.values()).map(BadMessageReason::label).collect(Collectors.toSet()),
        documented);
    Set<String> vendorEnum = new LinkedHashSet<>();
    doc.root().path("components").path("schemas").path("CloudEventHeaders").path("properties").path("ce_vendor")
        .path("enum").forEach(v -> vendorEnum.add(v.asText()));
    assertEquals(Set.copyOf(vendors), vendorEnum);
    assertTrue(vendorEnum.containsAll(VendorRegistry.builtIn().names()));
  }

  @Test
  void eventJsonMatchesThePayloadSchema() {
    Validator validator = payloadValidator();
    List<byte[]> emitted = new ArrayList<>();
    SessionOutput out = capture(emitted);
    EventJson joined = EventJson.of("meeting.participant.joined", "bot-1").participant("100", "Jane")
        .vendorTime(Instant.parse("2026-10-06T08:10:00Z")).mediaTimeMillis(12_500L);
    joined.data().put("isHost", true);
    joined.emit(out);
    EventJson.of("meeting.stream.ended", "bot-1").emit(out);
    assertEquals(2, emitted.size());
    for (byte[] json : emitted) {
      JsonObject event = new JsonObject(new String(json, java.nio.charset.StandardCharsets.UTF_8));
      assertTrue(validator.validate(event).getValid(), event.encode());
    }
    JsonObject wrong = new JsonObject(new String(emitted.get(0), java.nio.charset.StandardCharsets.UTF_8));
    wrong.remove("botId");
    assertFalse(validator.validate(wrong).getValid(), "the schema requires botId");
    assertFalse(validator.validate(wrong.put("botId", "b").put("extra", 1)).getValid(), "no undeclared fields");
  }

  private Validator payloadValidator() {
    JsonNode schema = doc.root().path("components").path("schemas").path("EventPayload");
    return Validator.create(JsonSchema.of(new JsonObject(schema.toString())),
        new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setOutputFormat(OutputFormat.Basic)
            .setBaseUri("urn:meeting-media-gateway:asyncapi"));
  }

  private static SessionOutput capture(List<byte[]> payloads) {
    return new SessionOutput() {
      @Override
      public EnvelopeBuilder envelope() {
        return new EnvelopeBuilder("default", "recall", "conn-1", Instant.now());
      }

      @Override
      public void emit(EnvelopeBuilder envelope) {
        payloads.add(envelope.build("id", 0).payload());
      }

      @Override
      public void replyText(String text) {
        throw new AssertionError("events never reply");
      }

      @Override
      public long receivedAtMillis() {
        return Instant.parse("2026-10-06T08:10:01Z").toEpochMilli();
      }
    };
  }

  @Test
  void headerSchemasAcceptRealHeadersAndRejectWrongValues() {
    MediaEnvelope frame = new EnvelopeBuilder("default", "recall", "conn-1", Instant.now()).botId("bot-1")
        .participantId("100").participantName("Zoë").kind(MediaKind.VIDEO_FRAME).source(VideoSource.SCREENSHARE)
        .type("meeting.video.frame").contentType("image/jpeg").attribute("width", 640).attribute("height", 360)
        .payload(new byte[1]).build("id", 7);
    JsonObject headers = new JsonObject();
    CloudEventHeaders.of(frame, "bot-1:100").forEach(h -> headers.put(h.key(),
        new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
    Validator validator = doc.headerValidator(doc.messageOf(topics.videoFrames()));
    assertTrue(validator.validate(headers).getValid(), headers.encode());
    assertFalse(validator.validate(headers.copy().put("ce_specversion", "0.3")).getValid());
    assertFalse(validator.validate(headers.copy().put("ce_videosource", "camera")).getValid());
    assertFalse(validator.validate(headers.copy().put("ce_seq", "seven")).getValid());
    assertFalse(validator.validate(headers.copy().put("content-type", "video/mp4")).getValid());
    JsonObject missing = headers.copy();
    missing.remove("ce_id");
    assertFalse(validator.validate(missing).getValid());
  }

  /** The config the examples and docs assume is the shipped default. */
  @Test
  void shippedConfigUsesTheDocumentedTopics() {
    GatewayConfig shipped = GatewayConfig.fromJson(ConfigLoader.readFile(Path.of("conf", "gateway.json")), vendors);
    assertEquals(topics, shipped.kafka().topics());
  }
}
