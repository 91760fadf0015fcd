package io.meetingmedia.gateway.view;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the view knows about each bot, learnt from the records it reads: vendor, connection state (from
 * {@code meeting.connection.opened/closed}), participants (from {@code meeting.participant.*} events and from the
 * frames themselves, since not every vendor sends join events) and their video sources. Only bots seen since the
 * view started are known. Memory follows the active bots: a closed bot is forgotten {@link #CLOSED_LINGER_MILLIS}
 * after its last connection closed, and a bot silent for {@link #IDLE_MILLIS} is forgotten too. Used on one event
 * loop only.
 */
final class BotDirectory {
  static final long CLOSED_LINGER_MILLIS = 15_000;
  static final long IDLE_MILLIS = 120_000;

  /** Connection state of a bot as its events tell it. */
  enum ConnectionState {
    /** frames seen, but no connection event since the view started */
    UNKNOWN,
    OPEN,
    CLOSED;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One bot of one tenant. */
  static final class Bot {
    final String tenant;
    final String id;
    String vendor;
    ConnectionState state = ConnectionState.UNKNOWN;
    final Set<String> connections = new HashSet<>();
    final Map<String, Participant> participants = new LinkedHashMap<>();
    /** participant id → when the gateway received its leave: older frames of it are stale */
    final Map<String, Instant> left = new HashMap<>();
    long lastSeenMillis;
    long closedAtMillis;

    Bot(String tenant, String id) {
      this.tenant = tenant;
      this.id = id;
    }

    /** @return the JSON message describing this bot to a browser */
    JsonObject snapshot() {
      JsonArray list = new JsonArray();
      participants.forEach((pid, p) -> list.add(new JsonObject().put("id", pid).put("name", p.name)
          .put("sources", new JsonArray(new ArrayList<>(p.sources)))));
      return new JsonObject().put("type", "bot").put("bot", id).put("tenant", tenant).put("vendor", vendor)
          .put("state", state.wireName()).put("participants", list);
    }
  }

  /** One participant of a bot. */
  static final class Participant {
    String name;
    final Set<String> sources = new TreeSet<>();
  }

  private final Map<String, Bot> bots = new HashMap<>();

  private static String key(String tenant, String bot) {
    return tenant + '\u0000' + bot;
  }

  /** @return the bot, created when new */
  Bot bot(String tenant, String botId, String vendor, long nowMillis) {
    Bot bot = bots.computeIfAbsent(key(tenant, botId), k -> new Bot(tenant, botId));
    if (vendor != null) {
      bot.vendor = vendor;
    }
    bot.lastSeenMillis = nowMillis;
    return bot;
  }

  /** @return the bot, or {@code null} */
  Bot find(String tenant, String botId) {
    return bots.get(key(tenant, botId));
  }

  /** @return every known bot */
  Iterable<Bot> all() {
    return bots.values();
  }

  /**
   * Applies a connection or participant event.
   *
   * @return true when the bot's snapshot changed
   */
  boolean event(Bot bot, String type, String connectionId, String participantId, String participantName,
      Instant receivedAt, long nowMillis) {
    switch (type) {
      case "meeting.connection.opened":
        if (connectionId != null) {
          bot.connections.add(connectionId);
        }
        return setState(bot, ConnectionState.OPEN);
      case "meeting.connection.closed":
        if (connectionId != null) {
          bot.connections.remove(connectionId);
        }
        if (bot.connections.isEmpty()) {
          bot.closedAtMillis = nowMillis;
          return setState(bot, ConnectionState.CLOSED);
        }
        return false;
      case "meeting.participant.joined":
      case "meeting.participant.updated":
        if (participantId == null) {
          return false;
        }
        bot.left.remove(participantId);
        return participant(bot, participantId, participantName, null);
      case "meeting.participant.left":
        if (participantId == null) {
          return false;
        }
        if (receivedAt != null) {
          bot.left.put(participantId, receivedAt);
        }
        return bot.participants.remove(participantId) != null;
      default:
        return false;
    }
  }

  /**
   * Notes a frame of a participant.
   *
   * @return true when the bot's snapshot changed (new participant, name or source)
   */
  boolean participant(Bot bot, String participantId, String name, String source) {
    boolean changed = false;
    Participant p = bot.participants.get(participantId);
    if (p == null) {
      p = new Participant();
      bot.participants.put(participantId, p);
      changed = true;
    }
    if (name != null && !name.equals(p.name)) {
      p.name = name;
      changed = true;
    }
    if (source != null && p.sources.add(source)) {
      changed = true;
    }
    return changed;
  }

  /** @return true when a frame received at {@code receivedAt} predates the participant's leave */
  static boolean stale(Bot bot, String participantId, Instant receivedAt) {
    Instant leftAt = bot.left.get(participantId);
    return leftAt != null && receivedAt != null && !receivedAt.isAfter(leftAt);
  }

  private static boolean setState(Bot bot, ConnectionState state) {
    if (bot.state == state) {
      return false;
    }
    bot.state = state;
    return true;
  }

  /** Forgets bots closed for longer than the linger and bots silent for too long; @return the forgotten bots */
  List<Bot> expire(long nowMillis) {
    List<Bot> gone = new ArrayList<>();
    for (Iterator<Bot> it = bots.values().iterator(); it.hasNext(); ) {
      Bot bot = it.next();
      boolean closed = bot.state == ConnectionState.CLOSED && nowMillis - bot.closedAtMillis >= CLOSED_LINGER_MILLIS;
      if (closed || nowMillis - bot.lastSeenMillis >= IDLE_MILLIS) {
        it.remove();
        gone.add(bot);
      }
    }
    return gone;
  }

  int size() {
    return bots.size();
  }
}
