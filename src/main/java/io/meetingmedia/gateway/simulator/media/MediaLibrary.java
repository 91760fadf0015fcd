package io.meetingmedia.gateway.simulator.media;

import java.util.HashMap;
import java.util.Map;

/**
 * All media of a run, built on first use before any connection starts and then shared read-only by every
 * connection: image pools, the H.264 and fMP4 fixtures and PCM tones.
 */
public final class MediaLibrary {
  private static final double[] TONES = {440, 523.25, 659.25, 783.99, 349.23, 392, 493.88, 587.33};

  private final FrameSize size;
  private final Content content;
  private final int poolSize;
  private final boolean stampable;
  private ImagePool png;
  private ImagePool jpeg;
  private H264AccessUnits h264;
  private Fmp4Fixture fmp4;
  private final Map<String, Pcm> tones = new HashMap<>();

  /**
   * @param size      frame size of the image pools
   * @param content   smooth or noisy images
   * @param poolSize  distinct images per pool
   * @param stampable prepare images for {@code --stamp}
   */
  public MediaLibrary(FrameSize size, Content content, int poolSize, boolean stampable) {
    this.size = size;
    this.content = content;
    this.poolSize = poolSize;
    this.stampable = stampable;
  }

  /** @return the PNG pool (Recall) */
  public synchronized ImagePool png() {
    if (png == null) {
      png = ImagePool.build(size, ImageFormat.PNG, content, poolSize, 0, stampable);
    }
    return png;
  }

  /** @return the JPEG pool at Attendee's quality for the size */
  public synchronized ImagePool jpeg() {
    if (jpeg == null) {
      jpeg = ImagePool.build(size, ImageFormat.JPEG, content, poolSize, ImageEncoder.attendeeQuality(size),
          stampable);
    }
    return jpeg;
  }

  /** @return the H.264 access units (Recall {@code video_separate_h264}) */
  public synchronized H264AccessUnits h264() {
    if (h264 == null) {
      h264 = H264AccessUnits.load();
    }
    return h264;
  }

  /** @return the fMP4 fixture (MeetStream) */
  public synchronized Fmp4Fixture fmp4() {
    if (fmp4 == null) {
      fmp4 = Fmp4Fixture.load();
    }
    return fmp4;
  }

  /**
   * @param sampleRate samples per second
   * @param chunkMillis chunk length
   * @param voice      which tone (each participant gets its own)
   * @return a PCM chunk that repeats seamlessly
   */
  public synchronized Pcm tone(int sampleRate, int chunkMillis, int voice) {
    double frequency = TONES[Math.floorMod(voice, TONES.length)];
    return tones.computeIfAbsent(sampleRate + "/" + chunkMillis + "/" + frequency,
        k -> Pcm.tone(sampleRate, chunkMillis, frequency));
  }
}
