package io.meetingmedia.gateway.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Finds a free local port, for listeners that must know their port before they bind (KRaft voters). */
public final class FreePorts {
  private FreePorts() {
  }

  /** @return a port that was free a moment ago */
  public static int find() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
