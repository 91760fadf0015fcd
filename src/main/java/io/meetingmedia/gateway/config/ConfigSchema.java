package io.meetingmedia.gateway.config;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a configuration document against {@code conf/gateway.schema.json} (JSON Schema 2020-12), the published
 * contract of every key. The schema lets editors complete and check the file; this class makes the gateway refuse
 * what the schema refuses, naming the offending key by its dotted path like {@link GatewayConfig#fromJson} does.
 */
public final class ConfigSchema {
  /** Classpath location of the schema; the build copies {@code conf/gateway.schema.json} there. */
  public static final String RESOURCE = "/io/meetingmedia/gateway/config/gateway.schema.json";

  /** Messages that only say that something below failed. */
  private static final Pattern GENERIC = Pattern.compile(
      "does not match schema|A subschema had errors|does not match additional properties schema");

  private final JsonObject schema;
  private final Validator validator;

  private ConfigSchema(JsonObject schema) {
    this.schema = schema;
    // the validator annotates the document it is given, so it gets its own copy
    this.validator = Validator.create(JsonSchema.of(schema.copy()), new JsonSchemaOptions()
        .setDraft(Draft.DRAFT202012).setOutputFormat(OutputFormat.Basic).setBaseUri("urn:meeting-media-gateway:"));
  }

  /** @return the schema shipped with the gateway */
  public static ConfigSchema builtIn() {
    return Holder.BUILT_IN;
  }

  /** @return a validator for the given schema document */
  public static ConfigSchema of(JsonObject schema) {
    return new ConfigSchema(schema.copy());
  }

  /** @return a copy of the schema document */
  public JsonObject schema() {
    return schema.copy();
  }

  /**
   * @param config a configuration document
   * @return every violation, empty when the document conforms
   */
  public List<Violation> violations(JsonObject config) {
    OutputUnit result = validator.validate(config);
    if (Boolean.TRUE.equals(result.getValid())) {
      return List.of();
    }
    List<OutputUnit> units = result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result)
        : result.getErrors();
    List<Violation> all = new ArrayList<>();
    for (OutputUnit unit : units) {
      all.add(new Violation(dotted(unit.getInstanceLocation()), unit.getError() == null ? "invalid" : unit.getError()));
    }
    return mostSpecific(all);
  }

  /**
   * The validator reports a failing key again on every enclosing object ("Property ... does not match schema"),
   * and a failing declared key once more as if it were undeclared. Keeps what a person needs: the deepest paths,
   * and at each path the specific messages; a path with nothing but the undeclared-key message is an unknown key.
   */
  private static List<Violation> mostSpecific(List<Violation> all) {
    Set<String> paths = new LinkedHashSet<>();
    all.forEach(v -> paths.add(v.path()));
    List<Violation> kept = new ArrayList<>();
    for (String path : paths) {
      boolean ancestor = paths.stream().anyMatch(p -> !p.equals(path) && (path.isEmpty() || p.startsWith(path + ".")));
      if (ancestor) {
        continue;
      }
      List<String> messages = all.stream().filter(v -> v.path().equals(path)).map(Violation::message).distinct()
          .collect(Collectors.toList());
      List<String> specific = messages.stream().filter(m -> !GENERIC.matcher(m).find()).collect(Collectors.toList());
      if (!specific.isEmpty()) {
        specific.forEach(m -> kept.add(new Violation(path, m)));
      } else if (messages.stream().anyMatch(m -> m.contains("additional properties"))) {
        kept.add(new Violation(path, "unknown key"));
      } else {
        messages.forEach(m -> kept.add(new Violation(path, m)));
      }
    }
    return List.copyOf(kept);
  }

  /**
   * @param config a configuration document
   * @param origin where it came from (a file name), for the message
   * @throws ConfigException listing every violation with the dotted path of the key
   */
  public void validate(JsonObject config, String origin) {
    List<Violation> violations = violations(config);
    if (!violations.isEmpty()) {
      throw new ConfigException(origin + " does not match the configuration schema: "
          + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }
  }

  /** Turns a JSON pointer ({@code #/kafka/topics} or {@code /kafka/topics}) into {@code kafka.topics}. */
  static String dotted(String pointer) {
    if (pointer == null) {
      return "";
    }
    String p = pointer.startsWith("#") ? pointer.substring(1) : pointer;
    if (p.startsWith("/")) {
      p = p.substring(1);
    }
    StringBuilder out = new StringBuilder();
    for (String segment : p.isEmpty() ? new String[0] : p.split("/", -1)) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(segment.replace("~1", "/").replace("~0", "~"));
    }
    return out.toString();
  }

  /**
   * One schema violation.
   *
   * @param path    dotted key path of the offending value; empty for the document itself
   * @param message what is wrong, as the validator words it
   */
  public record Violation(String path, String message) {
    @Override
    public String toString() {
      return "'" + (path.isEmpty() ? "(root)" : path) + "': " + message;
    }
  }

  private static final class Holder {
    static final ConfigSchema BUILT_IN = new ConfigSchema(load());

    private static JsonObject load() {
      try (InputStream in = ConfigSchema.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("configuration schema " + RESOURCE + " is missing from the classpath");
        }
        return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read configuration schema " + RESOURCE, e);
      }
    }
  }
}
