package io.meetingmedia.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.config.ConfigLoader;
import io.meetingmedia.gateway.config.GatewayConfig;
import io.vertx.core.json.JsonArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * No Docker engine runs in CI, so the image is checked where it is defined: the Dockerfile's instructions and the
 * Jib profile must run a non-root numeric user, start the JVM as PID 1, expose the configured ports, and agree.
 */
class DockerImageTest {
  private static final Path DOCKERFILE = Path.of("docker", "Dockerfile");
  /** The image's built-in configuration: the production defaults, not the developer's conf/gateway.json. */
  private static final Path IMAGE_CONFIG = Path.of("docker", "gateway.json");
  private static final String JAR = "/app/meeting-media-gateway-production.jar";

  /** One Dockerfile instruction, continuation lines joined. */
  record Instruction(String keyword, String args) {
  }

  static List<Instruction> parse(Path file) throws Exception {
    List<Instruction> out = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String raw : Files.readAllLines(file)) {
      String line = raw.strip();
      if (pending.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (line.startsWith("#")) {
        continue; // a comment inside a continued instruction
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      pending.append(line);
      String text = pending.toString().strip();
      pending.setLength(0);
      int space = text.indexOf(' ');
      out.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
    }
    return out;
  }

  private static List<Instruction> finalStage(List<Instruction> all) {
    int last = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).keyword().equals("FROM")) {
        last = i;
      }
    }
    return all.subList(last, all.size());
  }

  private static String only(List<Instruction> stage, String keyword) {
    List<String> found = stage.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args)
        .collect(Collectors.toList());
    assertEquals(1, found.size(), keyword + " instructions in the runtime stage: " + found);
    return found.get(0);
  }

  /** Parses ENV in its {@code KEY=value KEY2="quoted value"} form. */
  static Map<String, String> env(List<Instruction> stage) {
    Map<String, String> env = new LinkedHashMap<>();
    Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|(\\S*))");
    for (Instruction i : stage) {
      if (i.keyword().equals("ENV")) {
        Matcher m = pair.matcher(i.args());
        while (m.find()) {
          env.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
        }
      }
    }
    return env;
  }

  private static GatewayConfig shippedConfig() {
    return GatewayConfig.fromJson(ConfigLoader.readFile(IMAGE_CONFIG), SchemaDocument.load().vendorNames(),
        name -> "image-test-token-0123456789");
  }

  /** @return the default of each ARG declared before the first FROM */
  static Map<String, String> baseArgs(List<Instruction> all) {
    Map<String, String> args = new LinkedHashMap<>();
    for (Instruction i : all) {
      if (i.keyword().equals("FROM")) {
        break;
      }
      if (i.keyword().equals("ARG")) {
        String[] kv = i.args().split("=", 2);
        args.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return args;
  }

  private static String runtimeBase() throws Exception {
    return baseArgs(parse(DOCKERFILE)).get("RUNTIME_IMAGE");
  }

  @Test
  void multiStageBuildOnTemurin17WithReplaceableBases() throws Exception {
    List<Instruction> all = parse(DOCKERFILE);
    List<String> froms = all.stream().filter(i -> i.keyword().equals("FROM")).map(Instruction::args)
        .collect(Collectors.toList());
    assertEquals(List.of("${BUILD_IMAGE} AS build", "${RUNTIME_IMAGE}"), froms);
    assertEquals(Map.of("BUILD_IMAGE", "maven:3-eclipse-temurin-17", "RUNTIME_IMAGE", "eclipse-temurin:25-jre"),
        baseArgs(all), "the defaults stay the public images");
  }

  @Test
  void noBuildStepHidesItsFailure() throws Exception {
    for (Instruction i : parse(DOCKERFILE)) {
      if (i.keyword().equals("RUN")) {
        assertFalse(i.args().matches(".*\\|\\|\\s*(true|:)\\s*$"), "a failing step must fail the build: " + i.args());
      }
      assertNotEquals("HEALTHCHECK", i.keyword(), "a JRE image has no curl: probe over HTTP from outside");
    }
  }

  @Test
  void imageRunsTheProductionArtifactWithClosedDefaults() throws Exception {
    GatewayConfig config = shippedConfig();
    assertTrue(config.kafka().bootstrapServers().isEmpty(), "the cluster comes from KAFKA_BOOTSTRAP_SERVERS");
    assertFalse(config.tenants().isEmpty(), "closed: at least one tenant");
    assertFalse(config.allowAnonymous());
    assertFalse(config.kafka().createTopics(), "topics are checked, not created, unless told");
  }

  @Test
  void runsAsNonRootNumericUser() throws Exception {
    String user = only(finalStage(parse(DOCKERFILE)), "USER");
    assertTrue(user.matches("\\d+(:\\d+)?"), "USER must be numeric so that runAsNonRoot can verify it: " + user);
    assertEquals("1001", user.split(":")[0]);
    assertNotEquals("0", user.split(":")[0]);
  }

  @Test
  void entrypointIsExecFormWithTheMountedConfig() throws Exception {
    String entrypoint = only(finalStage(parse(DOCKERFILE)), "ENTRYPOINT");
    assertTrue(entrypoint.startsWith("["), "exec form, so that the JVM is PID 1 and gets SIGTERM: " + entrypoint);
    List<Object> args = new JsonArray(entrypoint).getList();
    assertEquals(List.of("java", "-jar", JAR, "--config", "/app/conf/gateway.json"), args);
    String built = "/src/target/" + finalName() + "-production.jar " + JAR;
    assertTrue(finalStage(parse(DOCKERFILE)).stream().anyMatch(i -> i.keyword().equals("COPY")
        && i.args().endsWith(built)),
        "the production jar is what the entrypoint runs");
    assertTrue(finalStage(parse(DOCKERFILE)).stream().anyMatch(i -> i.keyword().equals("COPY")
        && i.args().endsWith(IMAGE_CONFIG + " /app/conf/gateway.json")), "the production config is built in");
  }

  @Test
  void exposesTheConfiguredPorts() throws Exception {
    GatewayConfig config = shippedConfig();
    Set<Integer> exposed = Arrays.stream(only(finalStage(parse(DOCKERFILE)), "EXPOSE").split("\\s+"))
        .map(Integer::valueOf).collect(Collectors.toSet());
    assertEquals(Set.of(config.ingest().port(), config.management().port()), exposed);
  }

  @Test
  void jvmAndLoggingSettingsForContainers() throws Exception {
    Map<String, String> env = env(finalStage(parse(DOCKERFILE)));
    String jvm = env.get("JAVA_TOOL_OPTIONS");
    assertTrue(jvm.contains("-XX:MaxRAMPercentage=70"), jvm);
    assertTrue(jvm.contains("-XX:+ExitOnOutOfMemoryError"), jvm);
    // video frames up to 2 MiB below half a region: not humongous objects
    assertTrue(jvm.contains("-XX:G1HeapRegionSize=4m"), jvm);
    assertTrue(jvm.contains("-Dvertx.cacheDirBase=/tmp/vertx-cache"), jvm);
    assertEquals("JSON", env.get("LOG_FORMAT"));
    assertEquals("2", env.get("MALLOC_ARENA_MAX"));
    for (String name : env.keySet()) {
      assertFalse(name.matches("(?i).*(password|secret|token|jaas).*"), "no secret baked into the image: " + name);
    }
  }

  @Test
  void dockerignoreKeepsTheBuildContextSmall() throws Exception {
    List<String> ignored = Files.readAllLines(Path.of(".dockerignore")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
    assertTrue(ignored.containsAll(List.of(".git", "target", "data")), ignored.toString());
    for (String needed : List.of("pom.xml", "src", "conf")) {
      assertFalse(ignored.contains(needed), needed + " is needed by the build stage");
    }
    List<Instruction> all = parse(DOCKERFILE);
    for (Instruction copy : all) {
      if (copy.keyword().equals("COPY") && !copy.args().contains("--from=")) {
        String source = copy.args().replaceAll("--\\S+\\s+", "").split("\\s+")[0];
        assertFalse(ignored.contains(source.split("/")[0]), "COPY of an ignored path: " + copy.args());
      }
    }
  }

  @Test
  void jibProfileMatchesTheDockerfile() throws Exception {
    List<Instruction> stage = finalStage(parse(DOCKERFILE));
    Element jib = jibConfiguration();
    assertEquals("3.5.2", text(jib.getParentNode(), "version"));
    assertEquals(runtimeBase(), text(child(jib, "from"), "image"));
    Element container = child(jib, "container");
    assertEquals(only(stage, "USER"), text(container, "user"));
    assertEquals(only(stage, "EXPOSE"), texts(child(container, "ports"), "port").stream()
        .collect(Collectors.joining(" ")));
    assertEquals(List.of("--config", "/app/conf/gateway.json"), texts(child(container, "args"), "arg"));
    Map<String, String> env = env(stage);
    Element environment = child(container, "environment");
    for (Map.Entry<String, String> e : env.entrySet()) {
      assertEquals(e.getValue(), text(environment, e.getKey()), "Jib environment " + e.getKey());
    }
    Element path = child(child(child(jib, "extraDirectories"), "paths"), "path");
    assertEquals("/app/conf", text(path, "into"));
    assertEquals(IMAGE_CONFIG.getParent().toString(), text(path, "from"), "the same production config as the image");
  }

  private static String finalName() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    Element build = child(pom.getDocumentElement(), "build");
    return text(build, "finalName");
  }

  private static Element jibConfiguration() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    NodeList plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if ("jib-maven-plugin".equals(text(plugin, "artifactId"))) {
        Element profile = (Element) plugin.getParentNode().getParentNode().getParentNode();
        assertEquals("jib", text(profile, "id"), "Jib lives in its own profile, off the default build");
        return child(plugin, "configuration");
      }
    }
    throw new AssertionError("no jib-maven-plugin in pom.xml");
  }

  private static Element child(Node parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
        return (Element) n;
      }
    }
    throw new AssertionError("<" + name + "> missing under <" + parent.getNodeName() + ">");
  }

  private static String text(Node parent, String name) {
    return child(parent, name).getTextContent().strip();
  }

  private static List<String> texts(Node parent, String name) {
    List<String> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
        out.add(n.getTextContent().strip());
      }
    }
    return out;
  }
}
