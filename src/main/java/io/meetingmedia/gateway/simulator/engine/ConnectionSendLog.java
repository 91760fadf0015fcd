package io.meetingmedia.gateway.simulator.engine;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection's part of the send log: numbers its logged messages per stream as the gateway numbers records
 * ({@code ce_seq}, from 0 on every socket), and logs a message only once its write completed, since one that failed
 * on a closing socket was never sent by the vendor.
 */
final class ConnectionSendLog {
  private final SendLog log;
  private final String botId;
  private final Map<String, long[]> sequences = new HashMap<>();

  /** @param log the run's send log, or {@code null} when the run keeps none */
  ConnectionSendLog(SendLog log, String botId) {
    this.log = log;
    this.botId = botId;
  }

  /** A new socket: the gateway's sequences start again. */
  void newSocket() {
    sequences.clear();
  }

  void written(OutMessage m, long micros, int wireBytes, Future<Void> write) {
    if (log == null || !m.logged()) {
      return;
    }
    String key = m.kind().ordinal() + "|" + m.participantId() + "|" + m.source();
    long seq = sequences.computeIfAbsent(key, k -> new long[1])[0]++;
    write.onSuccess(v -> log.write(micros, botId, m.participantId(), m.source(), seq, m.mediaBytes(), m.kind(),
        wireBytes));
  }
}
