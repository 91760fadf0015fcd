package io.meetingmedia.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetingmedia.gateway.config.ConfigLoader;
import io.meetingmedia.gateway.config.ConfigSchema;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.VendorRouteConfig;
import io.meetingmedia.gateway.kafka.KafkaClientSettings;
import io.meetingmedia.gateway.kafka.TopicProvisioner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests must agree with the configuration they deploy: ports, shutdown timing, topic names and
 * sizes are computed here with the gateway's own classes from the ConfigMap's config file, so that changing one
 * side without the other fails the build.
 */
class KubernetesManifestsTest {
  private static final Path K8S = Path.of("k8s");
  private static final Path BASE = K8S.resolve("base");

  private final Manifests manifests = Manifests.load(K8S);
  private final JsonObject configJson = configMapJson();
  // ${env:...} references resolve to stand-ins: the values live in Secrets, not here
  private final GatewayConfig config = GatewayConfig.fromJson(configJson, SchemaDocument.load().vendorNames(),
      name -> "stand-in-secret-value-0123456789");
  private final JsonNode deployment = manifests.only("Deployment", BASE).node();
  private final JsonNode pod = deployment.path("spec").path("template").path("spec");
  private final JsonNode container = pod.path("containers").get(0);

  private JsonObject configMapJson() {
    JsonNode generator = manifests.only("Kustomization", BASE).node().path("configMapGenerator").get(0);
    assertEquals("meeting-media-gateway-config", generator.path("name").asText());
    assertEquals("gateway.json", generator.path("files").get(0).asText(), "mounted as /app/conf/gateway.json");
    return ConfigLoader.readFile(BASE.resolve("gateway.json"));
  }

  @Test
  void everyDocumentIsAKubernetesObject() {
    assertTrue(manifests.all().size() >= 20, "documents: " + manifests.all().size());
    for (Manifests.Doc doc : manifests.all()) {
      if (doc.file().getFileName().toString().equals("prometheus-adapter-values.yaml")) {
        continue; // Helm values, not an object
      }
      assertFalse(doc.node().path("apiVersion").asText().isEmpty(), doc.file() + " " + doc.node());
      assertFalse(doc.kind().isEmpty(), doc.file().toString());
      if (!doc.kind().equals("Kustomization")) {
        assertFalse(doc.name().isEmpty(), doc.file() + " " + doc.kind() + " has a name");
      }
    }
  }

  @Test
  void configMapConfigIsValidAndFitForStrimzi() {
    assertEquals(List.of(), ConfigSchema.builtIn().violations(configJson));
    assertFalse(config.kafka().createTopics(), "Strimzi's Topic Operator owns the topics");
    assertEquals(env("KAFKA_BOOTSTRAP_SERVERS"), config.kafka().bootstrapServers(),
        "the environment override and the file say the same");
    assertTrue(config.kafka().bootstrapServers().matches("[a-z0-9-]+-kafka-bootstrap(\\.[a-z0-9.-]+)?:909[23]"),
        config.kafka().bootstrapServers());
    // the Kafka client accepts the properties (the env config provider resolves the SASL secret at run time)
    new ProducerConfig(new HashMap<>(KafkaClientSettings.producer(config)));
  }

  @Test
  void everySecretReferenceOfTheConfigIsInTheEnvironment() throws Exception {
    Set<String> available = new HashSet<>();
    container.path("env").forEach(e -> available.add(e.path("name").asText()));
    Set<String> fromSecrets = new HashSet<>();
    container.path("envFrom").forEach(e -> fromSecrets.add(e.path("secretRef").path("name").asText()));
    for (Manifests.Doc secret : manifests.kind("Secret")) {
      if (fromSecrets.contains(secret.name())) {
        secret.node().path("stringData").fieldNames().forEachRemaining(available::add);
      }
    }
    Matcher m = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)}").matcher(Files.readString(BASE.resolve("gateway.json")));
    List<String> referenced = new ArrayList<>();
    while (m.find()) {
      referenced.add(m.group(1));
    }
    assertFalse(referenced.isEmpty(), "the Kafka credentials are a reference, not a literal");
    assertTrue(available.containsAll(referenced), "referenced " + referenced + ", container has " + available);
    JsonNode jaas = envNode("KAFKA_SASL_JAAS_CONFIG").path("valueFrom").path("secretKeyRef");
    assertEquals(manifests.only("KafkaUser", BASE).name(), jaas.path("name").asText(),
        "the Secret the User Operator creates for the KafkaUser");
    assertEquals("sasl.jaas.config", jaas.path("key").asText());
  }

  @Test
  void closedByDefaultWithTenantTokensFromTheSecret() throws Exception {
    assertFalse(config.tenants().isEmpty(), "the base must not deploy an open gateway");
    assertFalse(config.allowAnonymous());
    JsonArray tenants = configJson.getJsonArray("tenants");
    for (int i = 0; i < tenants.size(); i++) {
      for (Object token : tenants.getJsonObject(i).getJsonArray("tokens")) {
        assertTrue(String.valueOf(token).matches("\\$\\{env:TENANT_[A-Z0-9_]+_TOKEN}"),
            "a token is a reference to the tenant Secret, never a literal: " + token);
      }
    }
    Set<String> envFrom = new HashSet<>();
    container.path("envFrom").forEach(e -> envFrom.add(e.path("secretRef").path("name").asText()));
    assertTrue(envFrom.contains("meeting-media-gateway-tenants"), envFrom.toString());
  }

  /** README's deployment step and docs/operations.md quote the manifests' numbers; they must not drift. */
  @Test
  void readmeAndOperationsGuideQuoteTheManifestsNumbers() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    JsonNode down = manifests.only("HorizontalPodAutoscaler", BASE).node().path("spec").path("behavior")
        .path("scaleDown");
    int window = down.path("stabilizationWindowSeconds").asInt();
    assertEquals(window, number(readme, "HPA on open connections with a (\\d+) s scale-down window"));
    assertEquals(down.path("policies").get(0).path("periodSeconds").asInt(),
        number(readme, "scale-down window, at most one pod removed per (\\d+) s"));
    assertEquals(pod.path("terminationGracePeriodSeconds").asInt(), number(readme, "and a (\\d+) s grace period"));
    assertEquals(container.path("lifecycle").path("preStop").path("sleep").path("seconds").asInt(),
        number(readme, "preStop sleep of (\\d+) s"));
    String operations = Files.readString(Path.of("docs", "operations.md"));
    assertEquals(window, number(operations, "stabilizationWindowSeconds: (\\d+)"));
    assertEquals(window / 60, number(operations, "the HPA waits (\\d+) minutes"));
  }

  private static int number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text.replaceAll("\\s+", " "));
    assertTrue(m.find(), "the text says '" + regex + "'");
    return Integer.parseInt(m.group(1));
  }

  @Test
  void portsAndProbesUseTheConfiguredPorts() {
    Map<String, Integer> ports = new HashMap<>();
    container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    assertEquals(Map.of("ingest", config.ingest().port(), "management", config.management().port()), ports);
    Map<String, String> paths = Map.of("startupProbe", "/health/live", "readinessProbe", "/health/ready",
        "livenessProbe", "/health/live");
    for (Map.Entry<String, String> probe : paths.entrySet()) {
      JsonNode get = container.path(probe.getKey()).path("httpGet");
      assertEquals(probe.getValue(), get.path("path").asText(), probe.getKey());
      JsonNode port = get.path("port");
      int number = port.isInt() ? port.asInt() : ports.getOrDefault(port.asText(), -1);
      assertEquals(config.management().port(), number, probe.getKey() + " must probe the management port");
    }
    JsonNode service = manifests.only("Service", BASE).node();
    Map<String, String> targets = new HashMap<>();
    service.path("spec").path("ports").forEach(p -> targets.put(p.path("name").asText(),
        p.path("targetPort").asText()));
    assertEquals(Map.of("ingest", "ingest", "management", "management"), targets);
    assertEquals(deployment.path("spec").path("selector").path("matchLabels"), service.path("spec").path("selector"));
  }

  @Test
  void gracePeriodCoversPreStopDrainAndFlush() {
    int preStop = container.path("lifecycle").path("preStop").path("sleep").path("seconds").asInt(-1);
    assertTrue(preStop >= 5, "preStop sleep so that endpoints are removed before the drain: " + preStop);
    int grace = pod.path("terminationGracePeriodSeconds").asInt();
    int needed = preStop + config.shutdown().drainTimeoutSeconds() + config.shutdown().flushTimeoutSeconds();
    assertTrue(grace > needed, "terminationGracePeriodSeconds " + grace + " must exceed " + needed);
    JsonNode rolling = deployment.path("spec").path("strategy").path("rollingUpdate");
    assertEquals(0, rolling.path("maxUnavailable").asInt(-1));
    assertEquals(1, rolling.path("maxSurge").asInt());
  }

  @Test
  void restrictedSecurityContext() {
    JsonNode podSc = pod.path("securityContext");
    JsonNode sc = container.path("securityContext");
    assertTrue(podSc.path("runAsNonRoot").asBoolean() && sc.path("runAsNonRoot").asBoolean());
    assertEquals(1001, podSc.path("runAsUser").asInt());
    assertEquals(1001, sc.path("runAsUser").asInt());
    assertEquals("RuntimeDefault", podSc.path("seccompProfile").path("type").asText());
    assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true));
    assertEquals("[\"ALL\"]", sc.path("capabilities").path("drop").toString());
    assertTrue(sc.path("readOnlyRootFilesystem").asBoolean());
    assertFalse(pod.path("automountServiceAccountToken").asBoolean(true));
    // a read-only root needs a writable /tmp, and Vert.x must put its file cache there
    Map<String, String> mounts = new HashMap<>();
    container.path("volumeMounts").forEach(v -> mounts.put(v.path("mountPath").asText(), v.path("name").asText()));
    String tmp = mounts.get("/tmp");
    assertNotNull(tmp, "an emptyDir on /tmp");
    assertTrue(volume(tmp).has("emptyDir"));
    assertTrue(env("JAVA_TOOL_OPTIONS").contains("-Dvertx.cacheDirBase=/tmp/vertx-cache"));
    assertTrue(env("JAVA_TOOL_OPTIONS").contains("-XX:+ExitOnOutOfMemoryError"));
    // the manifest replaces the image's JAVA_TOOL_OPTIONS: it keeps the image's G1 region size
    assertTrue(env("JAVA_TOOL_OPTIONS").contains("-XX:G1HeapRegionSize=4m"));
    // the config comes from the generated ConfigMap, at the path the image's entrypoint reads
    assertEquals("meeting-media-gateway-config", volume(mounts.get("/app/conf")).path("configMap").path("name")
        .asText());
    JsonNode resources = container.path("resources");
    assertEquals(resources.path("requests").path("memory"), resources.path("limits").path("memory"));
    assertFalse(resources.path("requests").path("cpu").isMissingNode());
  }

  @Test
  void everyTopicHasAKafkaTopicLargeEnoughForTheGateway() {
    Map<String, Integer> required = new TopicProvisioner(config).requiredRecordBytes();
    assertEquals(Set.copyOf(config.kafka().topics().all()), required.keySet());
    assertEquals(VendorRouteConfig.DEFAULT_MAX_MESSAGE_BYTES + 64 * 1024,
        required.get(config.kafka().topics().videoFrames()), "16 MiB message + 64 KiB of headers");
    String cluster = config.kafka().bootstrapServers().replaceAll("-kafka-bootstrap.*", "");
    Set<String> declared = new LinkedHashSet<>();
    for (Manifests.Doc doc : manifests.kind("KafkaTopic")) {
      JsonNode node = doc.node();
      assertEquals("kafka.strimzi.io/v1", node.path("apiVersion").asText(), doc.name());
      assertEquals(cluster, node.path("metadata").path("labels").path("strimzi.io/cluster").asText(),
          doc.name() + ": the Topic Operator ignores a KafkaTopic without the cluster label");
      JsonNode spec = node.path("spec");
      String topic = spec.path("topicName").asText(doc.name());
      assertTrue(declared.add(topic), "two KafkaTopics for " + topic);
      assertTrue(required.containsKey(topic), "KafkaTopic " + topic + " is not a gateway topic");
      JsonNode topicConfig = spec.path("config");
      long maxMessageBytes = topicConfig.path("max.message.bytes").asLong();
      assertTrue(maxMessageBytes >= required.get(topic), topic + ": max.message.bytes " + maxMessageBytes
          + " < the gateway's largest record " + required.get(topic));
      assertEquals(3, spec.path("replicas").asInt(), topic);
      assertEquals(2, topicConfig.path("min.insync.replicas").asInt(), topic);
      assertTrue(spec.path("partitions").asInt() >= 1, topic);
      String policy = topic.equals(config.kafka().topics().videoFmp4Init()) ? "compact" : "delete";
      assertEquals(policy, topicConfig.path("cleanup.policy").asText(), topic);
    }
    assertEquals(required.keySet(), declared, "every gateway topic needs a KafkaTopic");
  }

  @Test
  void kafkaUserMayProduceToEveryTopic() {
    JsonNode user = manifests.only("KafkaUser", BASE).node();
    assertEquals("kafka.strimzi.io/v1", user.path("apiVersion").asText());
    assertEquals("scram-sha-512", user.path("spec").path("authentication").path("type").asText());
    assertEquals("SCRAM-SHA-512", config.kafka().properties().get("sasl.mechanism"));
    Map<String, Set<String>> topicOps = new HashMap<>();
    Set<String> clusterOps = new HashSet<>();
    for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
      JsonNode resource = acl.path("resource");
      Set<String> ops = new HashSet<>();
      acl.path("operations").forEach(o -> ops.add(o.asText()));
      if (resource.path("type").asText().equals("cluster")) {
        clusterOps.addAll(ops);
      } else if (resource.path("type").asText().equals("topic")) {
        assertEquals("literal", resource.path("patternType").asText());
        topicOps.computeIfAbsent(resource.path("name").asText(), k -> new HashSet<>()).addAll(ops);
      }
    }
    for (String topic : config.kafka().topics().all()) {
      assertTrue(topicOps.getOrDefault(topic, Set.of()).containsAll(Set.of("Describe", "Write", "DescribeConfigs")),
          topic + ": " + topicOps.get(topic));
    }
    assertTrue(clusterOps.containsAll(Set.of("Describe", "IdempotentWrite")), clusterOps.toString());
  }

  @Test
  void autoscalingKeepsMeetingsAlive() {
    JsonNode hpa = manifests.only("HorizontalPodAutoscaler", BASE).node();
    assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
    assertEquals(deployment.path("metadata").path("name"), hpa.path("spec").path("scaleTargetRef").path("name"));
    Set<String> metrics = new HashSet<>();
    for (JsonNode metric : hpa.path("spec").path("metrics")) {
      metrics.add(metric.path("type").asText() + ":" + (metric.has("pods")
          ? metric.path("pods").path("metric").path("name").asText()
          : metric.path("resource").path("name").asText()));
    }
    assertEquals(Set.of("Pods:gateway_connections_open", "Resource:cpu"), metrics);
    JsonNode down = hpa.path("spec").path("behavior").path("scaleDown");
    assertTrue(down.path("stabilizationWindowSeconds").asInt() >= 600, down.toString());
    for (JsonNode policy : down.path("policies")) {
      assertEquals("Pods", policy.path("type").asText());
      assertEquals(1, policy.path("value").asInt());
      assertTrue(policy.path("periodSeconds").asInt() >= 300, policy.toString());
    }
    assertTrue(down.path("policies").size() >= 1);
    JsonNode pdb = manifests.only("PodDisruptionBudget", BASE).node();
    assertEquals(1, pdb.path("spec").path("maxUnavailable").asInt());
    assertEquals(deployment.path("spec").path("selector").path("matchLabels"),
        pdb.path("spec").path("selector").path("matchLabels"));
  }

  @Test
  void networkPolicyOpensIngestAndGuardsManagement() {
    JsonNode spec = manifests.only("NetworkPolicy", BASE).node().path("spec");
    assertEquals(deployment.path("spec").path("selector").path("matchLabels"),
        spec.path("podSelector").path("matchLabels"));
    boolean ingestOpen = false;
    boolean managementFromMonitoring = false;
    for (JsonNode rule : spec.path("ingress")) {
      for (JsonNode port : rule.path("ports")) {
        if (port.path("port").asText().equals("ingest")) {
          ingestOpen = !rule.has("from");
        }
        if (port.path("port").asText().equals("management")) {
          JsonNode from = rule.path("from");
          managementFromMonitoring = from.size() == 1 && "monitoring".equals(from.get(0).path("namespaceSelector")
              .path("matchLabels").path("kubernetes.io/metadata.name").asText());
        }
      }
    }
    assertTrue(ingestOpen, "vendors reach ingest from anywhere (through the ingress controller)");
    assertTrue(managementFromMonitoring, "management only from the monitoring namespace");
    int kafkaPort = Integer.parseInt(config.kafka().bootstrapServers().replaceAll(".*:", ""));
    Set<String> egress = new HashSet<>();
    spec.path("egress").forEach(r -> r.path("ports").forEach(p -> egress.add(p.path("port").asText())));
    assertTrue(egress.contains(String.valueOf(kafkaPort)), "egress to Kafka on " + kafkaPort + ": " + egress);
    assertTrue(egress.contains("53"), "egress to DNS");
  }

  @Test
  void ingressAndHttpRouteServeEveryVendorPathWithLongTimeouts() {
    JsonNode ingress = manifests.only("Ingress", BASE).node();
    JsonNode annotations = ingress.path("metadata").path("annotations");
    assertTrue(annotations.path("nginx.ingress.kubernetes.io/proxy-read-timeout").asInt() >= 3600);
    assertTrue(annotations.path("nginx.ingress.kubernetes.io/proxy-send-timeout").asInt() >= 3600);
    List<String> ingressPrefixes = new ArrayList<>();
    for (JsonNode rule : ingress.path("spec").path("rules")) {
      for (JsonNode path : rule.path("http").path("paths")) {
        assertEquals("ingest", path.path("backend").path("service").path("port").path("name").asText(),
            "only the ingest port is exposed");
        ingressPrefixes.add(path.path("path").asText());
      }
    }
    JsonNode route = manifests.only("HTTPRoute", K8S.resolve("gateway-api")).node();
    List<String> routePrefixes = new ArrayList<>();
    for (JsonNode rule : route.path("spec").path("rules")) {
      rule.path("backendRefs").forEach(b -> assertEquals(config.ingest().port(), b.path("port").asInt()));
      rule.path("matches").forEach(m -> routePrefixes.add(m.path("path").path("value").asText()));
    }
    for (VendorRouteConfig vendor : config.vendors().values()) {
      assertTrue(ingressPrefixes.stream().anyMatch(p -> vendor.path().startsWith(p)), vendor.path());
      assertTrue(routePrefixes.stream().anyMatch(p -> vendor.path().startsWith(p)), vendor.path());
    }
    for (String prefix : ingressPrefixes) {
      assertFalse("/health".startsWith(prefix) || "/metrics".startsWith(prefix), prefix);
    }
  }

  @Test
  void kustomizeBuildsWhereKubectlExists() throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not installed: the kustomize build is not checked here");
    for (String dir : List.of("k8s/base", "k8s/gateway-api")) {
      Process process = new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, process.exitValue(), out);
      List<JsonNode> docs = new ArrayList<>();
      Manifests.YAML.readValues(Manifests.YAML.getFactory().createParser(out), JsonNode.class)
          .forEachRemaining(docs::add);
      JsonNode configMap = docs.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")).findFirst()
          .orElseThrow();
      String generated = configMap.path("metadata").path("name").asText();
      assertTrue(generated.startsWith("meeting-media-gateway-config-"), "hash suffix: " + generated);
      assertEquals(configJson, new JsonObject(configMap.path("data").path("gateway.json").asText()));
      JsonNode rendered = docs.stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst()
          .orElseThrow();
      assertTrue(rendered.toString().contains("\"name\":\"" + generated + "\""), "the Deployment mounts it");
      long ingresses = docs.stream().filter(d -> d.path("kind").asText().equals("Ingress")).count();
      long routes = docs.stream().filter(d -> d.path("kind").asText().equals("HTTPRoute")).count();
      assertEquals(dir.endsWith("base") ? List.of(1L, 0L) : List.of(0L, 1L), List.of(ingresses, routes), dir);
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private JsonNode envNode(String name) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("container has no env " + name);
  }

  private String env(String name) {
    return envNode(name).path("value").asText();
  }

  private JsonNode volume(String name) {
    for (JsonNode v : pod.path("volumes")) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no volume " + name);
  }
}
