package io.meetingmedia.gateway.relay;

import io.meetingmedia.gateway.config.TenantConfig;
import io.meetingmedia.gateway.config.TopicsConfig;
import io.meetingmedia.gateway.envelope.MediaEnvelope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the topic and key of an envelope. Adapters never name topics; this is the one place that does. The
 * topics come from the envelope's tenant (its {@code topicPrefix}), which the connection's credentials decided, so
 * a connection can never write to another tenant's topics.
 */
public final class TopicRouter {
  private final TopicsConfig shared;
  private final Map<String, TopicsConfig> byTenant = new HashMap<>();

  public TopicRouter(TopicsConfig topics) {
    this(topics, List.of());
  }

  /**
   * @param topics  the shared topic names
   * @param tenants tenants, whose {@code topicPrefix} is put in front of the shared names
   */
  public TopicRouter(TopicsConfig topics, List<TenantConfig> tenants) {
    this.shared = topics;
    for (TenantConfig tenant : tenants) {
      byTenant.put(tenant.id(), tenant.topics(topics));
    }
  }

  /** @return the topic for the envelope */
  public String topic(MediaEnvelope envelope) {
    TopicsConfig topics = byTenant.getOrDefault(envelope.tenant(), shared);
    switch (envelope.kind()) {
      case VIDEO_FRAME:
        return topics.videoFrames();
      case VIDEO_CHUNK:
        return "video/mp4".equals(envelope.contentType()) ? topics.videoFmp4() : topics.videoH264();
      case VIDEO_INIT_SEGMENT:
        return topics.videoFmp4Init();
      case AUDIO_CHUNK:
        return topics.audioPcm();
      case EVENT:
        return topics.events();
      case DEAD_LETTER:
        return topics.deadLetter();
      default:
        throw new IllegalArgumentException("no topic for " + envelope.kind());
    }
  }

  /**
   * @return the record key: {@code <botId>:<participantId>}, or just {@code <botId>} on the compacted init-segment
   *     topic, where the latest segment of each bot is what a late consumer needs
   */
  public String key(MediaEnvelope envelope) {
    switch (envelope.kind()) {
      case VIDEO_INIT_SEGMENT:
        return envelope.botId();
      default:
        return envelope.streamKey();
    }
  }
}
