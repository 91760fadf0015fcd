package io.meetingmedia.gateway.adapter.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Where the golden fixtures live and what counts as a case, the same for every vendor (layout in
 * {@code src/test/resources/fixtures/README.md}): {@code fixtures/<vendor>/<case>.expected.json} beside exactly one
 * input, {@code <case>.in.json} (one text message, byte for byte), {@code <case>.in.bin} (one binary message) or
 * {@code <case>.session.json} (a scripted sequence of messages). A stray input or expected file fails the listing,
 * so a misnamed file cannot silently drop a case.
 */
public final class FixtureFiles {
  /** Suffix of the expected outcome of a case. */
  public static final String EXPECTED = ".expected.json";
  /** One text message, exactly as the vendor sends it. */
  public static final String TEXT = ".in.json";
  /** One binary message, exactly as the vendor sends it. */
  public static final String BINARY = ".in.bin";
  /** Several messages (and optionally the close), described in JSON. */
  public static final String SESSION = ".session.json";
  private static final List<String> INPUTS = List.of(TEXT, BINARY, SESSION);

  private FixtureFiles() {
  }

  /** @return the vendors with a fixture folder, sorted (folders starting with {@code _} or {@code .} are not) */
  public static List<String> vendors() {
    try (Stream<Path> entries = Files.list(root())) {
      // not a vendor: tool caches such as __pycache__ or .DS_Store folders
      return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("_") && !n.startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @return the case names of a vendor, sorted
   * @throws IllegalStateException if an expected file has no input or several, or an input has no expected file
   */
  public static List<String> cases(String vendor) {
    Path folder = folder(vendor);
    TreeSet<String> expected = new TreeSet<>();
    List<String> inputs = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (String file : files.map(p -> p.getFileName().toString()).toList()) {
        if (file.endsWith(EXPECTED)) {
          expected.add(file.substring(0, file.length() - EXPECTED.length()));
        }
        for (String suffix : INPUTS) {
          if (file.endsWith(suffix)) {
            inputs.add(file.substring(0, file.length() - suffix.length()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String name : expected) {
      long count = inputs.stream().filter(name::equals).count();
      if (count != 1) {
        throw new IllegalStateException(vendor + "/" + name + " has " + count + " input files, expected one of "
            + INPUTS);
      }
    }
    for (String name : inputs) {
      if (!expected.contains(name)) {
        throw new IllegalStateException(vendor + "/" + name + " has an input but no " + EXPECTED);
      }
    }
    return List.copyOf(expected);
  }

  /** @return the input file of a case (one of the three forms) */
  public static Path input(String vendor, String name) {
    for (String suffix : INPUTS) {
      Path file = folder(vendor).resolve(name + suffix);
      if (Files.exists(file)) {
        return file;
      }
    }
    throw new IllegalArgumentException("no input for " + vendor + "/" + name);
  }

  /** @return the raw message of a single-message case, exactly as the vendor sends it */
  public static byte[] message(String vendor, String name) {
    Path file = input(vendor, name);
    if (file.getFileName().toString().endsWith(SESSION)) {
      throw new IllegalArgumentException(vendor + "/" + name + " is a session of several messages");
    }
    return read(file);
  }

  /** @return the bytes of a media file of a vendor's fixtures, e.g. {@code cam.jpg} in {@code media/} */
  public static byte[] media(String vendor, String file) {
    return read(folder(vendor).resolve("media").resolve(file));
  }

  /** @return the folder of a vendor's fixtures on the test classpath */
  public static Path folder(String vendor) {
    Path folder = root().resolve(vendor);
    if (!Files.isDirectory(folder)) {
      throw new IllegalStateException("no fixtures/" + vendor + " on the test classpath");
    }
    return folder;
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path root() {
    URL url = FixtureFiles.class.getResource("/fixtures");
    if (url == null) {
      throw new IllegalStateException("no fixtures/ on the test classpath");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
