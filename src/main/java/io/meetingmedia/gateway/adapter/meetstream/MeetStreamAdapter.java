package io.meetingmedia.gateway.adapter.meetstream;

import io.meetingmedia.gateway.adapter.VendorAdapter;
import io.meetingmedia.gateway.adapter.VendorSession;

/**
 * MeetStream live video ({@code live_video_required.websocket_url}): one socket per bot carrying a continuous
 * fragmented-MP4 byte stream in binary messages, with JSON control messages in between, including a latency ping
 * that must be answered at once or MeetStream treats the receiver as dead.
 */
public final class MeetStreamAdapter implements VendorAdapter {
  /** Vendor name. */
  public static final String NAME = "meetstream";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VendorSession newSession() {
    return new MeetStreamSession();
  }
}
