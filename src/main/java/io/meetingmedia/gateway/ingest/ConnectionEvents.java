package io.meetingmedia.gateway.ingest;

import io.meetingmedia.gateway.adapter.SessionOutput;
import io.meetingmedia.gateway.adapter.support.EventJson;

/**
 * The connection's own events on {@code meeting.events}: {@code meeting.connection.opened} once the protocol has
 * named the bot, and {@code meeting.connection.closed} after every record read from the socket is in Kafka. A
 * connection that never named its bot announces neither (there is no key to give them).
 */
final class ConnectionEvents {
  private final String connectionId;
  private final String path;
  private String announcedBot;

  ConnectionEvents(String connectionId, String path) {
    this.connectionId = connectionId;
    this.path = path;
  }

  /** Announces the connection once the bot is known. */
  void opened(String botId, SessionOutput out) {
    if (announcedBot == null && botId != null) {
      announcedBot = botId;
      EventJson event = EventJson.of("meeting.connection.opened", botId);
      event.data().put("connectionId", connectionId).put("path", path);
      event.emit(out);
    }
  }

  /** @return true when {@code meeting.connection.opened} was published, so a closed event is owed */
  boolean announced() {
    return announcedBot != null;
  }

  /** Announces the end of the connection with its totals. */
  void closed(ConnectionTotals totals, int code, String reason, SessionOutput out) {
    EventJson event = EventJson.of("meeting.connection.closed", announcedBot);
    event.data().put("connectionId", connectionId).put("closeCode", code).put("closeReason", reason)
        .put("messages", totals.messages).put("bytesIn", totals.bytesIn).put("badMessages", totals.badMessages);
    event.emit(out);
  }

  /** What a connection counted, for its closed event and its last log line. */
  static final class ConnectionTotals {
    long messages;
    long bytesIn;
    long records;
    long badMessages;
  }
}
