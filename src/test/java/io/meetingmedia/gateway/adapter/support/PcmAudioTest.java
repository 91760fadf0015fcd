package io.meetingmedia.gateway.adapter.support;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.adapter.BadMessageException;
import io.meetingmedia.gateway.adapter.BadMessageReason;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PcmAudioTest {

  @Test
  void describesLittleEndianPcmWithoutClaimingAudioL16() {
    EnvelopeBuilder b = new EnvelopeBuilder("t", "v", "c", Instant.EPOCH).botId("b").kind(MediaKind.AUDIO_CHUNK)
        .type("meeting.audio.chunk").payload(new byte[4]);
    MediaEnvelope e = PcmAudio.describe(b, 24000, 1).build("id", 0);
    assertEquals("audio/pcm;rate=24000;channels=1;encoding=s16le", e.contentType());
    assertEquals(Map.of("samplerate", "24000", "channels", "1", "encoding", "s16le"), e.attributes());
  }

  @Test
  void refusesTornSamples() {
    assertDoesNotThrow(() -> PcmAudio.requireWholeSamples(new byte[640], 1, "chunk"));
    assertDoesNotThrow(() -> PcmAudio.requireWholeSamples(new byte[0], 1, "chunk"));
    BadMessageException e = assertThrows(BadMessageException.class,
        () -> PcmAudio.requireWholeSamples(new byte[641], 1, "data.chunk"));
    assertEquals(BadMessageReason.MAGIC_MISMATCH, e.reason());
    assertEquals("'data.chunk' holds 641 bytes, not a whole number of 2-byte 16-bit PCM sample frames", e.getMessage());
    assertThrows(BadMessageException.class, () -> PcmAudio.requireWholeSamples(new byte[642], 2, "stereo"));
  }
}
