package io.meetingmedia.gateway.simulator.protocol;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Names and ids of simulated bots and participants. Ids are derived from the run tag, so every run uses fresh bot
 * ids (no collision with an earlier run's Kafka records) while staying reproducible within a run. One name has a
 * non-ASCII letter, so UTF-8 handling is exercised on every run with more than one participant.
 */
final class Identities {
  private static final String[] NAMES = {"Jane Doe", "Zoë Kim", "Ravi Patel", "Ana García", "Li Wei", "Omar Haddad",
      "Sara Nilsson", "Kofi Mensah"};

  private Identities() {
  }

  /** @return a display name for participant {@code p} */
  static String name(int p) {
    return p < NAMES.length ? NAMES[p] : "Participant " + (p + 1);
  }

  /** @return {@code bot_<runTag><index, 5 digits>}: the id form of vendors whose bot ids are not UUIDs */
  static String numberedBotId(String runTag, int index) {
    return "bot_" + runTag + String.format("%05d", index);
  }

  /** @return a deterministic UUID string for {@code parts} */
  static String uuid(String... parts) {
    return UUID.nameUUIDFromBytes(String.join("/", parts).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** @return the participant speaking at {@code seconds} when speakers take turns of 3 s */
  static int speakerAt(double seconds, int participants) {
    return (int) ((long) (seconds / 3.0) % participants);
  }
}
