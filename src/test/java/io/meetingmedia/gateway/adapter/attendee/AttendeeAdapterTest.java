package io.meetingmedia.gateway.adapter.attendee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.VendorSession;
import io.meetingmedia.gateway.adapter.golden.CorruptedMessages;
import io.meetingmedia.gateway.adapter.golden.FixtureFiles;
import io.meetingmedia.gateway.adapter.golden.RecordingSessionOutput;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attendee beyond one golden case at a time (the cases themselves run in {@code AdapterGoldenTest}): one session
 * across several fixture messages, corrupted fixtures, and the cases the protocol requires.
 */
class AttendeeAdapterTest {

  @Test
  void oneSessionCarriesEveryTriggerInterleavedAndSurvivesABadMessage() throws Exception {
    VendorSession session = new AttendeeAdapter().newSession();
    RecordingSessionOutput out = new RecordingSessionOutput(AttendeeAdapter.NAME, session::botId);
    assertNull(session.botId(), "no bot id before the first message");
    for (String scenario : List.of("video-webcam", "audio-mixed-16k", "audio-per-participant-8k")) {
      session.onText(FixtureFiles.message(AttendeeAdapter.NAME, scenario), out);
    }
    BadMessageException bad = assertThrows(BadMessageException.class,
        () -> session.onText(FixtureFiles.message(AttendeeAdapter.NAME, "unknown-trigger"), out));
    assertEquals(BadMessageReason.UNKNOWN_MESSAGE, bad.reason());
    session.onText(FixtureFiles.message(AttendeeAdapter.NAME, "video-double-encoded"), out);

    List<MediaEnvelope> envelopes = out.envelopes();
    assertEquals(List.of("meeting.video.frame", "meeting.audio.chunk", "meeting.audio.chunk", "meeting.video.frame"),
        envelopes.stream().map(MediaEnvelope::type).toList());
    assertEquals(List.of("16778240", "mixed", "16778240", "16778240"),
        envelopes.stream().map(MediaEnvelope::participantId).toList());
    assertArrayEquals(FixtureFiles.media(AttendeeAdapter.NAME, "cam.jpg"), envelopes.get(3).payload());
    assertEquals("bot_12345abcdef", session.botId());
  }

  @Test
  void aBotIdIsRememberedForDeadLettersEvenFromARefusedMessage() {
    VendorSession session = new AttendeeAdapter().newSession();
    RecordingSessionOutput out = new RecordingSessionOutput(AttendeeAdapter.NAME, session::botId);
    assertThrows(BadMessageException.class,
        () -> session.onText(FixtureFiles.message(AttendeeAdapter.NAME, "video-png-not-jpeg"), out));
    assertEquals("bot_12345abcdef", session.botId());
  }

  @Test
  void corruptedMessagesAreEmittedOrRefusedNeverCrash() {
    int accepted = CorruptedMessages.assertOnlyRefused(new AttendeeAdapter(), 7, 300);
    assertTrue(accepted > 0, "some corruptions (e.g. inside a name) are still valid messages");
  }

  @Test
  void fixturesCoverEveryTriggerAndTheLegacyFrameForms() {
    List<String> names = FixtureFiles.cases(AttendeeAdapter.NAME);
    for (String required : List.of("video-webcam", "video-screenshare-reordered", "video-data-url-prefix",
        "video-double-encoded", "audio-mixed-16k", "audio-per-participant-8k", "invalid-json", "unknown-trigger",
        "video-invalid-base64", "video-png-not-jpeg", "audio-odd-length", "binary-message")) {
      assertTrue(names.contains(required), "fixture " + required + " is missing from " + names);
    }
  }
}
