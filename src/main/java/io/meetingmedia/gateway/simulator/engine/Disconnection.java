package io.meetingmedia.gateway.simulator.engine;

/**
 * One close by the gateway while the vendor reconnects, from the close until a message gets through on a new socket:
 * what the reconnect report needs (how long, how many attempts, how many frames the vendor dropped meanwhile).
 */
final class Disconnection {
  private final long sinceMicros;
  private final int closeCode;
  private int attempts;
  private long dropped;

  /** @param closeCode the gateway's close code, {@code null} when the socket ended without one (1006) */
  Disconnection(long sinceMicros, Integer closeCode) {
    this.sinceMicros = sinceMicros;
    this.closeCode = closeCode == null ? 1006 : closeCode;
  }

  int closeCode() {
    return closeCode;
  }

  int attempts() {
    return attempts;
  }

  void attempted() {
    attempts++;
  }

  void dropped(long frames) {
    dropped += frames;
  }

  /** @return the incident as reported, the first message on the new socket written at {@code firstMicros} */
  ReconnectLedger.Incident incident(String label, String botId, long firstMicros) {
    return new ReconnectLedger.Incident(label, botId, closeCode, sinceMicros, firstMicros, attempts, dropped);
  }
}
