package io.meetingmedia.gateway.adapter.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.VendorAdapter;
import io.meetingmedia.gateway.adapter.VendorSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded random corruptions of a vendor's single-text-message golden cases ({@code <case>.in.json}): flipped bytes,
 * cuts, splices of JSON punctuation. Reaches the paths structured fuzzing rarely finds, inside otherwise valid
 * messages.
 */
public final class CorruptedMessages {

  private CorruptedMessages() {
  }

  /**
   * Feeds the corruptions to fresh sessions: each must be emitted as a buildable envelope or refused with a
   * {@link BadMessageException}; any other exception fails.
   *
   * @return how many corrupted messages were accepted (the rest were refused)
   */
  public static int assertOnlyRefused(VendorAdapter adapter, long seed, int perCase) {
    Random random = new Random(seed);
    byte[] punctuation = "{}[]\",:\\ 0-.e\u00e9nt".getBytes(StandardCharsets.UTF_8);
    int accepted = 0;
    for (String name : FixtureFiles.cases(adapter.name())) {
      if (!Files.exists(FixtureFiles.folder(adapter.name()).resolve(name + FixtureFiles.TEXT))) {
        continue;
      }
      byte[] original = FixtureFiles.message(adapter.name(), name);
      for (int i = 0; i < perCase; i++) {
        byte[] message = original.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && message.length > 0; e++) {
          int at = random.nextInt(message.length);
          switch (random.nextInt(3)) {
            case 0:
              message[at] = (byte) random.nextInt(256);
              break;
            case 1:
              message[at] = punctuation[random.nextInt(punctuation.length)];
              break;
            default:
              message = Arrays.copyOf(message, at);
          }
        }
        VendorSession session = adapter.newSession();
        RecordingSessionOutput out = new RecordingSessionOutput(adapter.name(), session::botId);
        out.next(0, FixtureInput.BASE_MILLIS);
        try {
          session.onText(message, out);
          accepted++;
        } catch (BadMessageException expected) {
          assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
        } catch (RuntimeException crash) {
          throw new AssertionError(name + " corruption " + i + " crashed the session: " + crash, crash);
        }
      }
    }
    return accepted;
  }
}
