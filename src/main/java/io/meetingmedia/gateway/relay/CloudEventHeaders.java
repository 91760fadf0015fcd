package io.meetingmedia.gateway.relay;

import io.meetingmedia.gateway.adapter.support.IsoInstants;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: the record value is the payload itself, every
 * attribute is a {@code ce_}-prefixed UTF-8 header, and {@code content-type} carries {@code datacontenttype}.
 * Consumers need no envelope parsing, and any CloudEvents SDK reads the records as events.
 */
public final class CloudEventHeaders {
  /** CloudEvents spec version. */
  public static final String SPEC_VERSION = "1.0";
  /** Prefix of attribute headers. */
  public static final String PREFIX = "ce_";

  private CloudEventHeaders() {
  }

  /**
   * @param envelope the envelope
   * @param key      the record key, repeated as the {@code partitionkey} extension
   * @return the record headers; never contains secrets, only what the envelope carries
   */
  public static Headers of(MediaEnvelope envelope, String key) {
    RecordHeaders h = new RecordHeaders();
    put(h, "ce_specversion", SPEC_VERSION);
    put(h, "ce_id", envelope.id());
    put(h, "ce_source", source(envelope));
    put(h, "ce_type", envelope.type());
    put(h, "ce_time", IsoInstants.format(time(envelope)));
    put(h, "ce_subject", "participants/" + envelope.participantId());
    put(h, "content-type", envelope.contentType());
    put(h, "ce_vendor", envelope.vendor());
    put(h, "ce_tenant", envelope.tenant());
    put(h, "ce_botid", envelope.botId());
    put(h, "ce_participantid", envelope.participantId());
    if (envelope.participantName() != null && !envelope.participantName().isEmpty()) {
      put(h, "ce_participantname", envelope.participantName());
    }
    if (envelope.source() != null) {
      put(h, "ce_videosource", envelope.source().wireName());
    }
    put(h, "ce_seq", Long.toString(envelope.seq()));
    put(h, "ce_partitionkey", key);
    put(h, "ce_receivedat", IsoInstants.format(envelope.receivedAt()));
    if (envelope.vendorTime() != null) {
      put(h, "ce_vendortime", IsoInstants.format(envelope.vendorTime()));
    }
    if (envelope.mediaTimeMillis() != null) {
      put(h, "ce_mediatimems", envelope.mediaTimeMillis().toString());
    }
    put(h, "ce_connectionid", envelope.connectionId());
    for (Map.Entry<String, String> e : envelope.attributes().entrySet()) {
      put(h, PREFIX + e.getKey(), e.getValue());
    }
    return h;
  }

  /** @return {@code /tenants/<tenant>/vendors/<vendor>/bots/<botId>}, each segment URL-encoded */
  public static String source(MediaEnvelope envelope) {
    return "/tenants/" + encode(envelope.tenant()) + "/vendors/" + encode(envelope.vendor()) + "/bots/"
        + encode(envelope.botId());
  }

  private static Instant time(MediaEnvelope envelope) {
    return envelope.vendorTime() != null ? envelope.vendorTime() : envelope.receivedAt();
  }

  private static String encode(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
          || c == '.' || c == '*';
      if (!plain) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
      }
    }
    return segment;
  }

  private static void put(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
