package io.meetingmedia.gateway.ops;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every Kubernetes document under a directory, parsed from multi-document YAML files. */
final class Manifests {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * @param file where the document was read
   * @param node the document
   */
  record Doc(Path file, JsonNode node) {
    String kind() {
      return node.path("kind").asText();
    }

    String name() {
      return node.path("metadata").path("name").asText();
    }
  }

  private final List<Doc> docs;

  private Manifests(List<Doc> docs) {
    this.docs = docs;
  }

  /** Parses every {@code *.yaml} / {@code *.yml} file below {@code root}. */
  static Manifests load(Path root) {
    List<Doc> docs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
          .collect(Collectors.toList())) {
        docs.addAll(parse(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Manifests(docs);
  }

  /** @return the non-empty documents of one YAML file */
  static List<Doc> parse(Path file) {
    List<Doc> docs = new ArrayList<>();
    try (JsonParser parser = YAML.getFactory().createParser(file.toFile());
         MappingIterator<JsonNode> it = YAML.readValues(parser, JsonNode.class)) {
      while (it.hasNext()) {
        JsonNode node = it.next();
        if (node != null && !node.isNull() && !node.isEmpty()) {
          docs.add(new Doc(file, node));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
    return docs;
  }

  List<Doc> all() {
    return docs;
  }

  /** @return the documents of a kind */
  List<Doc> kind(String kind) {
    return docs.stream().filter(d -> d.kind().equals(kind)).collect(Collectors.toList());
  }

  /** @return the only document of a kind in files below {@code dir} */
  Doc only(String kind, Path dir) {
    List<Doc> found = docs.stream().filter(d -> d.kind().equals(kind) && d.file().startsWith(dir))
        .collect(Collectors.toList());
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + " under " + dir + ", found " + found.size());
    }
    return found.get(0);
  }
}
