package io.meetingmedia.gateway.config;

import java.util.List;

/**
 * Kafka topic names, one per kind of data.
 *
 * @param videoFrames   PNG/JPEG still frames
 * @param videoH264     H.264 Annex-B access units
 * @param videoFmp4     fragmented MP4 chunks
 * @param videoFmp4Init fMP4 initialisation segments, compacted, keyed by bot
 * @param audioPcm      raw PCM audio chunks
 * @param events        normalized JSON events
 * @param deadLetter    messages the gateway could not use
 */
public record TopicsConfig(String videoFrames, String videoH264, String videoFmp4, String videoFmp4Init,
    String audioPcm, String events, String deadLetter) {

  static TopicsConfig read(ConfigReader r) {
    TopicsConfig config = new TopicsConfig(
        topic(r, "videoFrames", "meeting.video.frames"),
        topic(r, "videoH264", "meeting.video.h264"),
        topic(r, "videoFmp4", "meeting.video.fmp4"),
        topic(r, "videoFmp4Init", "meeting.video.fmp4.init"),
        topic(r, "audioPcm", "meeting.audio.pcm"),
        topic(r, "events", "meeting.events"),
        topic(r, "deadLetter", "meeting.deadletter"));
    r.finish();
    return config;
  }

  private static String topic(ConfigReader r, String key, String def) {
    String name = r.string(key, def);
    if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new ConfigException("'" + r.path(key) + "' is not a valid Kafka topic name: '" + name + "'");
    }
    return name;
  }

  /** @return every topic name */
  public List<String> all() {
    return List.of(videoFrames, videoH264, videoFmp4, videoFmp4Init, audioPcm, events, deadLetter);
  }
}
