package io.meetingmedia.gateway.relay;

import io.meetingmedia.gateway.adapter.support.IsoInstants;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.Header;
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

  private static final Header SPEC_VERSION_HEADER = StreamHeaders.Fixed.of("ce_specversion", SPEC_VERSION);
  /** Bound of the cache of extension header names: a handful of names (width, height, keyframe...). */
  private static final int MAX_NAMES = 256;
  private static final Map<String, String> NAMES = new ConcurrentHashMap<>();

  private CloudEventHeaders() {
  }

  /**
   * @param envelope the envelope
   * @param key      the record key, repeated as the {@code partitionkey} extension
   * @return the record headers; never contains secrets, only what the envelope carries
   */
  public static Headers of(MediaEnvelope envelope, String key) {
    return of(envelope, StreamHeaders.of(envelope, key));
  }

  /**
   * @param envelope the envelope
   * @param stream   the headers of the envelope's stream, which records share (nobody may write to them)
   * @return the record headers, in the documented order; only the per-record values are encoded here
   */
  static Headers of(MediaEnvelope envelope, StreamHeaders stream) {
    byte[] receivedAt = IsoInstants.formatAscii(envelope.receivedAt());
    byte[] vendorTime = envelope.vendorTime() != null ? IsoInstants.formatAscii(envelope.vendorTime()) : null;
    Map<String, String> attributes = envelope.attributes();
    int count = 15 + (stream.participantName != null ? 1 : 0) + (stream.videoSource != null ? 1 : 0)
        + (vendorTime != null ? 1 : 0) + (envelope.mediaTimeMillis() != null ? 1 : 0) + attributes.size();
    Header[] h = new Header[count];
    int i = 0;
    h[i++] = SPEC_VERSION_HEADER;
    h[i++] = StreamHeaders.Fixed.of("ce_id", envelope.id());
    h[i++] = stream.source;
    h[i++] = stream.type;
    h[i++] = new StreamHeaders.Fixed("ce_time", vendorTime != null ? vendorTime : receivedAt);
    h[i++] = stream.subject;
    h[i++] = stream.contentType;
    h[i++] = stream.vendor;
    h[i++] = stream.tenant;
    h[i++] = stream.botId;
    h[i++] = stream.participantId;
    if (stream.participantName != null) {
      h[i++] = stream.participantName;
    }
    if (stream.videoSource != null) {
      h[i++] = stream.videoSource;
    }
    h[i++] = new StreamHeaders.Fixed("ce_seq", ascii(envelope.seq()));
    h[i++] = stream.partitionKey;
    h[i++] = new StreamHeaders.Fixed("ce_receivedat", receivedAt);
    if (vendorTime != null) {
      h[i++] = new StreamHeaders.Fixed("ce_vendortime", vendorTime);
    }
    if (envelope.mediaTimeMillis() != null) {
      h[i++] = new StreamHeaders.Fixed("ce_mediatimems", ascii(envelope.mediaTimeMillis()));
    }
    h[i++] = stream.connectionId;
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      h[i++] = StreamHeaders.Fixed.of(name(e.getKey()), e.getValue());
    }
    // one copy into an array list of the exact size
    return new RecordHeaders(h);
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

  /** @return the header name of an extension attribute, concatenated once per name */
  private static String name(String attribute) {
    String name = NAMES.get(attribute);
    if (name == null) {
      name = PREFIX + attribute;
      if (NAMES.size() < MAX_NAMES) {
        NAMES.putIfAbsent(attribute, name);
      }
    }
    return name;
  }

  /** @return the decimal digits of a number, which are ASCII and so also its UTF-8 */
  private static byte[] ascii(long value) {
    return Long.toString(value).getBytes(StandardCharsets.ISO_8859_1);
  }
}
