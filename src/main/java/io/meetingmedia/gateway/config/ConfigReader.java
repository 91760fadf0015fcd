package io.meetingmedia.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads one JSON object of the configuration with defaults, type and range checks, and remembers which keys were
 * read so that {@link #finish()} can refuse unknown keys (a typo must fail start-up, not be ignored). Every error
 * names the full key path.
 */
final class ConfigReader {
  private final JsonObject json;
  private final String path;
  private final Set<String> known = new HashSet<>();

  ConfigReader(JsonObject json, String path) {
    this.json = json == null ? new JsonObject() : json;
    this.path = path;
  }

  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  ConfigReader object(String key) {
    known.add(key);
    Object value = json.getValue(key);
    if (value == null) {
      return new ConfigReader(new JsonObject(), path(key));
    }
    if (!(value instanceof JsonObject)) {
      throw new ConfigException("'" + path(key) + "' must be a JSON object");
    }
    return new ConfigReader((JsonObject) value, path(key));
  }

  JsonArray array(String key) {
    known.add(key);
    Object value = json.getValue(key);
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray)) {
      throw new ConfigException("'" + path(key) + "' must be a JSON array");
    }
    return (JsonArray) value;
  }

  boolean has(String key) {
    return json.containsKey(key) && json.getValue(key) != null;
  }

  Set<String> keys() {
    return json.fieldNames();
  }

  String string(String key, String def) {
    known.add(key);
    Object value = json.getValue(key);
    if (value == null) {
      return def;
    }
    if (!(value instanceof String)) {
      throw new ConfigException("'" + path(key) + "' must be a string");
    }
    return (String) value;
  }

  boolean bool(String key, boolean def) {
    known.add(key);
    Object value = json.getValue(key);
    if (value == null) {
      return def;
    }
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof String && ("true".equals(value) || "false".equals(value))) {
      return Boolean.parseBoolean((String) value);
    }
    throw new ConfigException("'" + path(key) + "' must be true or false");
  }

  long longValue(String key, long def, long min, long max) {
    known.add(key);
    Object value = json.getValue(key);
    long result;
    if (value == null) {
      result = def;
    } else if (value instanceof Number && ((Number) value).doubleValue() == Math.rint(((Number) value).doubleValue())) {
      result = ((Number) value).longValue();
    } else if (value instanceof String) {
      try {
        result = Long.parseLong(((String) value).trim());
      } catch (NumberFormatException e) {
        throw new ConfigException("'" + path(key) + "' must be an integer, got '" + value + "'");
      }
    } else {
      throw new ConfigException("'" + path(key) + "' must be an integer");
    }
    if (result < min || result > max) {
      throw new ConfigException("'" + path(key) + "' must be between " + min + " and " + max + ", got " + result);
    }
    return result;
  }

  int intValue(String key, int def, int min, int max) {
    return (int) longValue(key, def, min, max);
  }

  int port(String key, int def) {
    return intValue(key, def, 0, 65535);
  }

  /** Reads a flat object of string-convertible values, e.g. Kafka client properties passed on verbatim. */
  Map<String, String> stringMap(String key) {
    ConfigReader child = object(key);
    Map<String, String> map = new LinkedHashMap<>();
    for (String name : child.keys()) {
      if (name.startsWith("$comment")) {
        continue;
      }
      Object value = child.json.getValue(name);
      if (value instanceof JsonObject || value instanceof JsonArray) {
        throw new ConfigException("'" + child.path(name) + "' must be a string, number or boolean");
      }
      if (value != null) {
        map.put(name, String.valueOf(value));
      }
    }
    return map;
  }

  /** Marks every key of this object as known (for free-form maps). */
  ConfigReader acceptAll() {
    known.addAll(json.fieldNames());
    return this;
  }

  void finish() {
    for (String key : json.fieldNames()) {
      // "$comment" keys hold explanations in example files (JSON has no comments)
      if (!known.contains(key) && !key.startsWith("$comment")) {
        throw new ConfigException("unknown key '" + path(key) + "'");
      }
    }
  }
}
