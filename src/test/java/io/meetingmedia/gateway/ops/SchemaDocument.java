package io.meetingmedia.gateway.ops;

import io.meetingmedia.gateway.config.ConfigLoader;
import io.meetingmedia.gateway.config.ConfigSchema;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads {@code conf/gateway.schema.json} the way a person does: resolves local {@code $ref}s (merging sibling
 * keywords such as a vendor's own {@code path} default) and collects the {@code default} of every key.
 */
final class SchemaDocument {
  static final Path SCHEMA_FILE = Path.of("conf", "gateway.schema.json");

  private final JsonObject root;

  private SchemaDocument(JsonObject root) {
    this.root = root;
  }

  /** @return the schema file of the repository */
  static SchemaDocument load() {
    return new SchemaDocument(ConfigLoader.readFile(SCHEMA_FILE));
  }

  JsonObject json() {
    return root;
  }

  /** @return the schema with its {@code $ref} resolved and sibling keywords merged over the target */
  JsonObject resolve(JsonObject node) {
    String ref = node.getString("$ref");
    if (ref == null) {
      return node;
    }
    if (!ref.startsWith("#/")) {
      throw new IllegalArgumentException("only local references are expected, got " + ref);
    }
    Object target = root;
    for (String segment : ref.substring(2).split("/")) {
      target = ((JsonObject) target).getValue(segment);
    }
    JsonObject merged = resolve((JsonObject) target).copy();
    for (Map.Entry<String, Object> e : node) {
      if (e.getKey().equals("$ref")) {
        continue;
      }
      if (e.getKey().equals("properties") && merged.containsKey("properties")) {
        JsonObject props = merged.getJsonObject("properties");
        for (Map.Entry<String, Object> p : (JsonObject) e.getValue()) {
          JsonObject base = props.getJsonObject(p.getKey(), new JsonObject()).copy();
          base.mergeIn((JsonObject) p.getValue());
          props.put(p.getKey(), base);
        }
      } else {
        merged.put(e.getKey(), e.getValue());
      }
    }
    return merged;
  }

  /** @return the declared keys of an object schema, resolved */
  Map<String, Object> properties(JsonObject node) {
    JsonObject props = resolve(node).getJsonObject("properties");
    return props == null ? Map.of() : props.getMap();
  }

  /** @return the object schema at a dotted path of declared keys */
  JsonObject at(String dotted) {
    JsonObject node = root;
    if (dotted.isEmpty()) {
      return node;
    }
    for (String key : dotted.split("\\.")) {
      node = resolve(resolve(node).getJsonObject("properties").getJsonObject(key));
    }
    return node;
  }

  /** @return the configuration document made of every default, which must be what the gateway does without a file */
  JsonObject defaults() {
    return (JsonObject) defaults(root);
  }

  private Object defaults(JsonObject node) {
    JsonObject schema = resolve(node);
    JsonObject props = schema.getJsonObject("properties");
    if (props == null) {
      return schema.getValue("default");
    }
    JsonObject out = new JsonObject();
    for (String key : props.fieldNames()) {
      Object value = defaults(props.getJsonObject(key));
      if (value != null) {
        out.put(key, value);
      }
    }
    return out;
  }

  /** Calls {@code visitor} with the dotted path and resolved schema of every leaf key (no declared properties). */
  void leaves(BiConsumer<String, JsonObject> visitor) {
    leaves("", root, visitor);
  }

  private void leaves(String path, JsonObject node, BiConsumer<String, JsonObject> visitor) {
    JsonObject schema = resolve(node);
    JsonObject props = schema.getJsonObject("properties");
    if (props == null) {
      visitor.accept(path, schema);
      return;
    }
    for (String key : props.fieldNames()) {
      leaves(path.isEmpty() ? key : path + "." + key, props.getJsonObject(key), visitor);
    }
  }

  /** @return the vendor names the schema declares */
  List<String> vendorNames() {
    return new ArrayList<>(properties(at("vendors")).keySet());
  }

  /** @return a validator for this (file) version of the schema */
  ConfigSchema validator() {
    return ConfigSchema.of(root);
  }

  /** @return a copy of the document with every {@code $comment} key removed, at any depth */
  static JsonObject withoutComments(JsonObject json) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> e : json) {
      if (e.getKey().equals("$comment")) {
        continue;
      }
      out.put(e.getKey(), e.getValue() instanceof JsonObject ? withoutComments((JsonObject) e.getValue()) : e.getValue());
    }
    return out;
  }

  /** Sets a dotted path in a document, creating objects on the way. */
  static JsonObject put(JsonObject json, String dotted, Object value) {
    String[] parts = dotted.split("\\.");
    JsonObject node = json;
    for (int i = 0; i < parts.length - 1; i++) {
      if (node.getJsonObject(parts[i]) == null) {
        node.put(parts[i], new JsonObject());
      }
      node = node.getJsonObject(parts[i]);
    }
    node.put(parts[parts.length - 1], value);
    return json;
  }
}
