package io.meetingmedia.gateway.relay;

import io.meetingmedia.gateway.config.TopicsConfig;
import io.meetingmedia.gateway.envelope.MediaEnvelope;

/** Chooses the topic and key of an envelope. Adapters never name topics; this is the one place that does. */
public final class TopicRouter {
  private final TopicsConfig topics;

  public TopicRouter(TopicsConfig topics) {
    this.topics = topics;
  }

  /** @return the topic for the envelope */
  public String topic(MediaEnvelope envelope) {
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
