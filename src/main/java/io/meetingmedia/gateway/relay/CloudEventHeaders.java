package io.meetingmedia.gateway.relay;

import io.meetingmedia.gateway.adapter.support.IsoInstants;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.VideoSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  private static final byte[] SPEC_VERSION_BYTES = SPEC_VERSION.getBytes(StandardCharsets.UTF_8);
  private static final byte[][] SOURCE_BYTES = Arrays.stream(VideoSource.values())
      .map(s -> s.wireName().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  /** Bound of the constant cache: types, content types, vendors and tenants are a few dozen strings. */
  private static final int MAX_CONSTANTS = 1024;
  private static final Map<String, byte[]> CONSTANTS = new ConcurrentHashMap<>();

  private CloudEventHeaders() {
  }

  /**
   * @param envelope the envelope
   * @param key      the record key, repeated as the {@code partitionkey} extension
   * @return the record headers; never contains secrets, only what the envelope carries. Values that repeat from
   *     record to record (spec version, type, content type, vendor, tenant, video source) are shared arrays: Kafka
   *     only reads header values, and nobody may write to them.
   */
  public static Headers of(MediaEnvelope envelope, String key) {
    RecordHeaders h = new RecordHeaders();
    h.add("ce_specversion", SPEC_VERSION_BYTES);
    put(h, "ce_id", envelope.id());
    put(h, "ce_source", source(envelope));
    h.add("ce_type", constant(envelope.type()));
    byte[] receivedAt = IsoInstants.formatAscii(envelope.receivedAt());
    byte[] vendorTime = envelope.vendorTime() != null ? IsoInstants.formatAscii(envelope.vendorTime()) : null;
    h.add("ce_time", vendorTime != null ? vendorTime : receivedAt);
    put(h, "ce_subject", "participants/" + envelope.participantId());
    h.add("content-type", constant(envelope.contentType()));
    h.add("ce_vendor", constant(envelope.vendor()));
    h.add("ce_tenant", constant(envelope.tenant()));
    put(h, "ce_botid", envelope.botId());
    put(h, "ce_participantid", envelope.participantId());
    if (envelope.participantName() != null && !envelope.participantName().isEmpty()) {
      put(h, "ce_participantname", envelope.participantName());
    }
    if (envelope.source() != null) {
      h.add("ce_videosource", SOURCE_BYTES[envelope.source().ordinal()]);
    }
    put(h, "ce_seq", Long.toString(envelope.seq()));
    put(h, "ce_partitionkey", key);
    h.add("ce_receivedat", receivedAt);
    if (vendorTime != null) {
      h.add("ce_vendortime", vendorTime);
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

  /** @return the UTF-8 bytes of a value from a small set (type, content type, vendor, tenant), encoded once */
  private static byte[] constant(String value) {
    byte[] bytes = CONSTANTS.get(value);
    if (bytes == null) {
      bytes = value.getBytes(StandardCharsets.UTF_8);
      if (CONSTANTS.size() < MAX_CONSTANTS) {
        CONSTANTS.putIfAbsent(value, bytes);
      }
    }
    return bytes;
  }

  private static void put(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
