package io.meetingmedia.gateway.simulator.media;

/** The still-image formats vendors send: Recall sends PNG, Attendee JPEG. */
public enum ImageFormat {
  PNG,
  JPEG
}
