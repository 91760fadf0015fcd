package io.meetingmedia.gateway.relay;

import io.meetingmedia.gateway.envelope.MediaEnvelope;
import io.meetingmedia.gateway.envelope.MediaKind;
import io.meetingmedia.gateway.envelope.VideoSource;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;

/**
 * The CloudEvents headers that are the same on every record of one stream (bot, participant, source, kind, on one
 * connection): source, type, subject, content type, vendor, tenant, ids, name, partition key. On small messages
 * encoding them per record was a sixth of the gateway's CPU (docs/benchmark.md); they are encoded once per stream
 * and shared by its records. The header objects are immutable, which is what lets records share them: Kafka only
 * reads a header's key and value.
 */
final class StreamHeaders {
  /** Streams whose headers are kept; past it the cache starts over (a few kB per stream). */
  static final int MAX_STREAMS = 4096;

  /** A header that never changes once built; Kafka's own {@code RecordHeader} has mutable fields. */
  record Fixed(String key, byte[] value) implements Header {
    static Fixed of(String key, String value) {
      return new Fixed(key, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** What decides a stream's fixed headers, all of it from the envelope. */
  private record Identity(String connectionId, String tenant, String vendor, String botId, String participantId,
      String participantName, VideoSource source, MediaKind kind, String type, String contentType) {
    static Identity of(MediaEnvelope e) {
      return new Identity(e.connectionId(), e.tenant(), e.vendor(), e.botId(), e.participantId(),
          e.participantName(), e.source(), e.kind(), e.type(), e.contentType());
    }
  }

  final String key;
  final Header source;
  final Header type;
  final Header subject;
  final Header contentType;
  final Header vendor;
  final Header tenant;
  final Header botId;
  final Header participantId;
  /** {@code null} when the vendor gives no name. */
  final Header participantName;
  /** {@code null} when the stream is not video. */
  final Header videoSource;
  final Header partitionKey;
  final Header connectionId;

  private StreamHeaders(MediaEnvelope e, String key) {
    this.key = key;
    this.source = Fixed.of("ce_source", CloudEventHeaders.source(e));
    this.type = Fixed.of("ce_type", e.type());
    this.subject = Fixed.of("ce_subject", "participants/" + e.participantId());
    this.contentType = Fixed.of("content-type", e.contentType());
    this.vendor = Fixed.of("ce_vendor", e.vendor());
    this.tenant = Fixed.of("ce_tenant", e.tenant());
    this.botId = Fixed.of("ce_botid", e.botId());
    this.participantId = Fixed.of("ce_participantid", e.participantId());
    this.participantName = e.participantName() != null && !e.participantName().isEmpty()
        ? Fixed.of("ce_participantname", e.participantName()) : null;
    this.videoSource = e.source() != null ? Fixed.of("ce_videosource", e.source().wireName()) : null;
    this.partitionKey = Fixed.of("ce_partitionkey", key);
    this.connectionId = Fixed.of("ce_connectionid", e.connectionId());
  }

  /**
   * @param envelope any envelope
   * @param key      its record key
   * @return the stream's headers, built now
   */
  static StreamHeaders of(MediaEnvelope envelope, String key) {
    return new StreamHeaders(envelope, key);
  }

  /**
   * The relay's streams, with their headers and record key. Used by one thread (the relay's event loop); bounded
   * by {@link #MAX_STREAMS}: when full it is cleared, so a stream of a closed connection costs memory only until
   * then, and a gateway with more live streams than that encodes some twice, never wrongly.
   */
  static final class Cache {
    private final TopicRouter router;
    private final int maxStreams;
    private final Map<Identity, StreamHeaders> streams = new HashMap<>();

    Cache(TopicRouter router) {
      this(router, MAX_STREAMS);
    }

    Cache(TopicRouter router, int maxStreams) {
      this.router = router;
      this.maxStreams = maxStreams;
    }

    /** @return the headers of the envelope's stream, and its record key */
    StreamHeaders of(MediaEnvelope envelope) {
      Identity identity = Identity.of(envelope);
      StreamHeaders headers = streams.get(identity);
      if (headers == null) {
        if (streams.size() >= maxStreams) {
          streams.clear();
        }
        headers = new StreamHeaders(envelope, router.key(envelope));
        streams.put(identity, headers);
      }
      return headers;
    }

    /** @return how many streams are cached */
    int size() {
      return streams.size();
    }
  }
}
