package io.meetingmedia.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.meetingmedia.gateway.envelope.EnvelopeBuilder;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.envelope.VideoSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

/** The exact header names, values and order every record carries (README "Headers", docs/asyncapi.yaml). */
class CloudEventHeadersTest {
  private static final Instant RECEIVED = Instant.parse("2026-10-06T08:10:00.123Z");

  /** @return {@code name=value} per header, in order */
  static List<String> lines(Headers headers) {
    List<String> lines = new ArrayList<>();
    for (Header h : headers) {
      lines.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
    }
    return lines;
  }

  @Test
  void everyAttributeOfAFullEnvelope() {
    MediaEnvelope envelope = new EnvelopeBuilder("acme", "recall", "conn-1", RECEIVED)
        .botId("bot-1").participantId("100").participantName("Jane Doe").kind(MediaKind.VIDEO_FRAME)
        .source(VideoSource.SCREENSHARE).type("meeting.video.frame").contentType("image/png")
        .vendorTime(Instant.parse("2026-10-06T08:09:59.123456Z")).mediaTimeMillis(12_500L)
        .attribute("width", 640).attribute("height", 360).payload(new byte[] {1, 2, 3})
        .build("id-1", 42);

    List<String> lines = lines(CloudEventHeaders.of(envelope, "bot-1:100"));
    assertEquals(List.of(
        "ce_specversion=1.0",
        "ce_id=id-1",
        "ce_source=/tenants/acme/vendors/recall/bots/bot-1",
        "ce_type=meeting.video.frame",
        "ce_time=2026-10-06T08:09:59.123456Z",
        "ce_subject=participants/100",
        "content-type=image/png",
        "ce_vendor=recall",
        "ce_tenant=acme",
        "ce_botid=bot-1",
        "ce_participantid=100",
        "ce_participantname=Jane Doe",
        "ce_videosource=screenshare",
        "ce_seq=42",
        "ce_partitionkey=bot-1:100",
        "ce_receivedat=2026-10-06T08:10:00.123Z",
        "ce_vendortime=2026-10-06T08:09:59.123456Z",
        "ce_mediatimems=12500",
        "ce_connectionid=conn-1"), lines.subList(0, 19));
    // the extension attributes follow, in no particular order
    assertEquals(Set.of("ce_width=640", "ce_height=360"), Set.copyOf(lines.subList(19, lines.size())));
    assertEquals(21, lines.size());
  }

  @Test
  void optionalAttributesAreLeftOutAndTheTimeIsTheReceiveTime() {
    MediaEnvelope envelope = new EnvelopeBuilder("default", "meetstream", "conn-2", Instant.ofEpochSecond(1_800_000_000))
        .botId("bot 7/ä").kind(MediaKind.AUDIO_CHUNK).type("meeting.audio.chunk").contentType("audio/pcm")
        .participantName("").payload(new byte[0]).build("id-2", 0);

    assertEquals(List.of(
        "ce_specversion=1.0",
        "ce_id=id-2",
        "ce_source=/tenants/default/vendors/meetstream/bots/bot+7%2F%C3%A4",
        "ce_type=meeting.audio.chunk",
        "ce_time=2027-01-15T08:00:00Z",
        "ce_subject=participants/mixed",
        "content-type=audio/pcm",
        "ce_vendor=meetstream",
        "ce_tenant=default",
        "ce_botid=bot 7/ä",
        "ce_participantid=mixed",
        "ce_seq=0",
        "ce_partitionkey=bot 7/ä:mixed",
        "ce_receivedat=2027-01-15T08:00:00Z",
        "ce_connectionid=conn-2"), lines(CloudEventHeaders.of(envelope, "bot 7/ä:mixed")));
  }

  @Test
  void recordsDoNotShareHeaderInstances() {
    MediaEnvelope envelope = new EnvelopeBuilder("default", "recall", "conn-1", RECEIVED).botId("bot-1")
        .kind(MediaKind.EVENT).type("meeting.transcript.final").contentType("application/json")
        .payload(new byte[0]).build("id-3", 1);
    Headers a = CloudEventHeaders.of(envelope, "bot-1:mixed");
    Headers b = CloudEventHeaders.of(envelope, "bot-1:mixed");
    assertEquals(lines(a), lines(b));
    a.remove("ce_type");
    assertEquals("meeting.transcript.final", new String(b.lastHeader("ce_type").value(), StandardCharsets.UTF_8));
    assertNotSame(a, b);
  }
}
