package io.meetingmedia.gateway.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/** {@code docs/asyncapi.yaml}, with the local {@code $ref} and {@code allOf} resolution the contract tests need. */
final class AsyncApiDocument {
  static final Path FILE = Path.of("docs", "asyncapi.yaml");

  private final JsonNode root;

  private AsyncApiDocument(JsonNode root) {
    this.root = root;
  }

  static AsyncApiDocument load() {
    try {
      return new AsyncApiDocument(Manifests.YAML.readTree(FILE.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode root() {
    return root;
  }

  /** @return the node a local reference points to, or the node itself */
  JsonNode deref(JsonNode node) {
    JsonNode current = node;
    while (current.has("$ref")) {
      String ref = current.path("$ref").asText();
      if (!ref.startsWith("#/")) {
        throw new IllegalArgumentException("only local references are expected: " + ref);
      }
      JsonNode target = root;
      for (String segment : ref.substring(2).split("/")) {
        target = target.path(segment.replace("~1", "/").replace("~0", "~"));
      }
      if (target.isMissingNode()) {
        throw new IllegalArgumentException("dangling reference " + ref);
      }
      current = target;
    }
    return current;
  }

  /** @return the channel whose address is the topic */
  JsonNode channelOf(String topic) {
    for (JsonNode channel : root.path("channels")) {
      if (channel.path("address").asText().equals(topic)) {
        return channel;
      }
    }
    throw new AssertionError("no channel with address " + topic);
  }

  /** @return the only message of the channel, resolved */
  JsonNode messageOf(String topic) {
    JsonNode messages = channelOf(topic).path("messages");
    if (messages.size() != 1) {
      throw new AssertionError(topic + " should carry one message, has " + messages.size());
    }
    return deref(messages.elements().next());
  }

  /** @return every header name the message declares (properties of its headers schema and its allOf parts) */
  Set<String> declaredHeaders(JsonNode message) {
    Set<String> names = new LinkedHashSet<>();
    collect(deref(message.path("headers")), names, false);
    return names;
  }

  /** @return the header names the message requires */
  Set<String> requiredHeaders(JsonNode message) {
    Set<String> names = new LinkedHashSet<>();
    collect(deref(message.path("headers")), names, true);
    return names;
  }

  /** @return a validator of the message's headers schema, as standalone JSON Schema (components become $defs) */
  Validator headerValidator(JsonNode message) {
    String defs = root.path("components").path("schemas").toString().replace("#/components/schemas/", "#/$defs/");
    String ref = message.path("headers").path("$ref").asText().replace("#/components/schemas/", "#/$defs/");
    JsonObject schema = new JsonObject().put("$ref", ref).put("$defs", new JsonObject(defs));
    return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setOutputFormat(OutputFormat.Basic).setBaseUri("urn:meeting-media-gateway:asyncapi"));
  }

  private void collect(JsonNode schema, Set<String> names, boolean required) {
    JsonNode s = deref(schema);
    if (required) {
      s.path("required").forEach(n -> names.add(n.asText()));
    } else {
      Iterator<String> it = s.path("properties").fieldNames();
      it.forEachRemaining(names::add);
    }
    s.path("allOf").forEach(part -> collect(part, names, required));
  }
}
