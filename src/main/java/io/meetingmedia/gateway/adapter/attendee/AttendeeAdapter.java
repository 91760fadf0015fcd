package io.meetingmedia.gateway.adapter.attendee;

import io.meetingmedia.gateway.adapter.VendorAdapter;
import io.meetingmedia.gateway.adapter.VendorSession;

/**
 * Attendee (open-source meeting bot) real-time WebSocket: JSON text messages
 * {@code {"trigger": "...", "bot_id": "...", "data": {...}}} carrying per-participant JPEG frames and mixed or
 * per-participant PCM audio. One socket may carry all three triggers interleaved when the bot was configured with
 * the same URL for each, so the session dispatches on {@code trigger} alone.
 */
public final class AttendeeAdapter implements VendorAdapter {
  /** Vendor name. */
  public static final String NAME = "attendee";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VendorSession newSession() {
    return new AttendeeSession();
  }
}
