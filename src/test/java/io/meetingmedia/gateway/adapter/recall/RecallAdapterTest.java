package io.meetingmedia.gateway.adapter.recall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import io.meetingmedia.gateway.adapter.VendorSession;
import io.meetingmedia.gateway.adapter.golden.MessageFixtures;
import io.meetingmedia.gateway.adapter.golden.RecordingSessionOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Recall golden fixture ({@code src/test/resources/fixtures/recall}) through a fresh session. */
class RecallAdapterTest {

  static List<String> scenarios() {
    return MessageFixtures.scenarios(RecallAdapter.NAME);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void fixture(String scenario) throws IOException {
    MessageFixtures.verify(new RecallAdapter(), scenario);
  }

  @Test
  void oneSessionCarriesMediaAndEventsInterleavedAndSurvivesABadMessage() throws Exception {
    VendorSession session = new RecallAdapter().newSession();
    RecordingSessionOutput out = new RecordingSessionOutput(RecallAdapter.NAME, session::botId);
    for (String scenario : List.of("participant-join", "h264-keyframe", "audio-separate", "h264-delta")) {
      session.onText(MessageFixtures.message(RecallAdapter.NAME, scenario), out);
    }
    BadMessageException bad = assertThrows(BadMessageException.class,
        () -> session.onText(MessageFixtures.message(RecallAdapter.NAME, "h264-avcc"), out));
    assertEquals(BadMessageReason.MAGIC_MISMATCH, bad.reason());
    session.onText(MessageFixtures.message(RecallAdapter.NAME, "unknown-event"), out);

    List<MediaEnvelope> envelopes = out.envelopes();
    assertEquals(List.of("meeting.participant.joined", "meeting.video.h264", "meeting.audio.chunk",
        "meeting.video.h264", "meeting.vendor.event"), envelopes.stream().map(MediaEnvelope::type).toList());
    assertEquals(List.of("true", "false"), List.of(envelopes.get(1).attributes().get("keyframe"),
        envelopes.get(3).attributes().get("keyframe")));
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.write(envelopes.get(1).payload());
    stream.write(envelopes.get(3).payload());
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(MessageFixtures.media(RecallAdapter.NAME, "idr.h264"));
    expected.write(MessageFixtures.media(RecallAdapter.NAME, "p.h264"));
    assertArrayEquals(expected.toByteArray(), stream.toByteArray(),
        "the access units concatenate into the original Annex-B stream");
    assertEquals("8c1f3b6e-5d2a-4f7e-9b1c-2a3d4e5f6a7b", session.botId());
  }

  @Test
  void corruptedMessagesAreEmittedOrRefusedNeverCrash() {
    int accepted = MessageFixtures.assertCorruptionsOnlyRefuse(new RecallAdapter(), 7, 300);
    assertTrue(accepted > 0, "some corruptions (e.g. inside a name) are still valid messages");
  }

  @Test
  void fixturesCoverEveryDocumentedEvent() {
    List<String> names = scenarios();
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
