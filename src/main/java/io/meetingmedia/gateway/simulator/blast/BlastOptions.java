package io.meetingmedia.gateway.simulator.blast;

import io.meetingmedia.gateway.simulator.media.Content;
import java.net.URI;

/**
 * What a blast run sends.
 *
 * @param target              {@code ws://host:port/ingest/recall} or {@code .../ingest/recall-legacy}; the vendor
 *                            is the last path segment
 * @param connections         parallel connections (one bot each)
 * @param framesPerConnection stop each connection after this many frames; 0 = no limit
 * @param seconds             stop after this long; 0 = no limit (then {@code framesPerConnection} must be set)
 * @param messagesPerSecond   total rate over all connections; 0 = as fast as the target reads
 * @param width               image width
 * @param height              image height
 * @param content             smooth (small PNGs) or noisy (large PNGs)
 * @param participants        participants per Recall connection (distinct record keys)
 * @param pool                distinct images
 * @param writeBytes          bytes per write call at full speed (whole frames, at least one)
 * @param ending              how each connection ends once its frames are written
 */
public record BlastOptions(URI target, int connections, long framesPerConnection, double seconds,
    double messagesPerSecond, int width, int height, Content content, int participants, int pool, int writeBytes,
    Ending ending) {

  /** How a connection ends: the way a vendor closes when its meeting ends, or the way a crashed bot vanishes. */
  public enum Ending {
    /** A close frame (1000), then waiting for the target's answer. */
    CLOSE,
    /** A TCP reset ({@code SO_LINGER} 0): what the client's kernel still holds is discarded, nothing is answered. */
    RESET;

    static Ending parse(String value) {
      return switch (value) {
        case "close" -> CLOSE;
        case "reset" -> RESET;
        default -> throw new IllegalArgumentException("--end must be close or reset, not " + value);
      };
    }
  }

  public BlastOptions {
    if (connections < 1) {
      throw new IllegalArgumentException("--connections must be at least 1");
    }
    if (framesPerConnection <= 0 && seconds <= 0) {
      throw new IllegalArgumentException("give --seconds or --frames (or both)");
    }
    if (ending == null) {
      throw new IllegalArgumentException("an ending is required");
    }
    if (!"ws".equals(target.getScheme())) {
      throw new IllegalArgumentException("the target must be a ws:// URL (TLS is not part of the load mode)");
    }
  }

  /**
   * Defaults for a test: 30 KB-class smooth 360p PNGs, one participant, full speed.
   *
   * @param target              the route URL
   * @param connections         parallel connections
   * @param framesPerConnection frames each connection writes
   * @return the options
   */
  public static BlastOptions frames(URI target, int connections, long framesPerConnection) {
    return new BlastOptions(target, connections, framesPerConnection, 0, 0, 640, 360, Content.SMOOTH, 1, 2,
        256 * 1024, Ending.CLOSE);
  }

  /** @return the same options with other images */
  public BlastOptions images(int width, int height, Content content, int pool) {
    return new BlastOptions(target, connections, framesPerConnection, seconds, messagesPerSecond, width, height,
        content, participants, pool, writeBytes, ending);
  }

  /** @return the same options with another ending */
  public BlastOptions endingWith(Ending ending) {
    return new BlastOptions(target, connections, framesPerConnection, seconds, messagesPerSecond, width, height,
        content, participants, pool, writeBytes, ending);
  }

  /** @return the vendor, i.e. the route's last path segment */
  public String vendor() {
    String path = target.getPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
