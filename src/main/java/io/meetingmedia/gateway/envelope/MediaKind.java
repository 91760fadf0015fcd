package io.meetingmedia.gateway.envelope;

/**
 * What an envelope carries. The relay picks the Kafka topic from the kind (and, for stream chunks, the
 * content type), so adapters never name topics.
 */
public enum MediaKind {
  /** A still image (PNG or JPEG) of one participant. */
  VIDEO_FRAME,
  /** One piece of a continuous video stream (an H.264 access unit or an fMP4 chunk), to be kept in order. */
  VIDEO_CHUNK,
  /** The initialisation segment of an fMP4 stream (ftyp + moov), kept for consumers that start late. */
  VIDEO_INIT_SEGMENT,
  /** A chunk of raw PCM audio. */
  AUDIO_CHUNK,
  /** A normalized JSON event: participant events, transcripts, stream and connection lifecycle. */
  EVENT,
  /** A message the gateway could not use, kept with the reason for inspection. */
  DEAD_LETTER
}
