package io.meetingmedia.gateway.simulator.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the small media fixtures committed under {@code src/main/resources/simulator/}. */
final class Fixtures {
  private Fixtures() {
  }

  static byte[] read(String name) {
    String path = "/simulator/" + name;
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing simulator fixture " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
