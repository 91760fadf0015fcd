package io.meetingmedia.gateway.adapter.recall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.VendorSession;
import io.meetingmedia.gateway.adapter.golden.CorruptedMessages;
import io.meetingmedia.gateway.adapter.golden.FixtureFiles;
import io.meetingmedia.gateway.adapter.golden.RecordingSessionOutput;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recall beyond one golden case at a time (the cases themselves run in {@code AdapterGoldenTest}): one session
 * across several fixture messages, corrupted fixtures, and the events the documentation requires.
 */
class RecallAdapterTest {

  @Test
  void oneSessionCarriesMediaAndEventsInterleavedAndSurvivesABadMessage() throws Exception {
    VendorSession session = new RecallAdapter().newSession();
    RecordingSessionOutput out = new RecordingSessionOutput(RecallAdapter.NAME, session::botId);
    for (String scenario : List.of("participant-join", "h264-keyframe", "audio-separate", "h264-delta")) {
      session.onText(FixtureFiles.message(RecallAdapter.NAME, scenario), out);
    }
    BadMessageException bad = assertThrows(BadMessageException.class,
        () -> session.onText(FixtureFiles.message(RecallAdapter.NAME, "h264-avcc"), out));
    assertEquals(BadMessageReason.MAGIC_MISMATCH, bad.reason());
    session.onText(FixtureFiles.message(RecallAdapter.NAME, "unknown-event"), out);

    List<MediaEnvelope> envelopes = out.envelopes();
    assertEquals(List.of("meeting.participant.joined", "meeting.video.h264", "meeting.audio.chunk",
        "meeting.video.h264", "meeting.vendor.event"), envelopes.stream().map(MediaEnvelope::type).toList());
    assertEquals(List.of("true", "false"), List.of(envelopes.get(1).attributes().get("keyframe"),
        envelopes.get(3).attributes().get("keyframe")));
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.write(envelopes.get(1).payload());
    stream.write(envelopes.get(3).payload());
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(FixtureFiles.media(RecallAdapter.NAME, "idr.h264"));
    expected.write(FixtureFiles.media(RecallAdapter.NAME, "p.h264"));
    assertArrayEquals(expected.toByteArray(), stream.toByteArray(),
        "the access units concatenate into the original Annex-B stream");
    assertEquals("8c1f3b6e-5d2a-4f7e-9b1c-2a3d4e5f6a7b", session.botId());
  }

  @Test
  void corruptedMessagesAreEmittedOrRefusedNeverCrash() {
    int accepted = CorruptedMessages.assertOnlyRefused(new RecallAdapter(), 7, 300);
    assertTrue(accepted > 0, "some corruptions (e.g. inside a name) are still valid messages");
  }

  @Test
  void fixturesCoverEveryDocumentedEvent() {
    List<String> names = FixtureFiles.cases(RecallAdapter.NAME);
    for (String required : List.of("png-webcam", "h264-keyframe", "h264-delta", "audio-mixed",
        "audio-mixed-docs-resource-key", "audio-separate", "transcript-final", "transcript-partial",
        "participant-join", "participant-leave", "participant-update", "participant-speech-on",
        "participant-speech-off", "participant-webcam-on", "participant-webcam-off", "participant-screenshare-on",
        "participant-screenshare-off", "participant-chat-message", "unknown-event", "invalid-json",
        "png-invalid-base64", "png-magic-mismatch", "h264-avcc", "binary-message")) {
      assertTrue(names.contains(required), "fixture " + required + " is missing from " + names);
    }
  }
}
