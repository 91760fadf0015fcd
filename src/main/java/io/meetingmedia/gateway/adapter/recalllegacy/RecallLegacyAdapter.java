package io.meetingmedia.gateway.adapter.recalllegacy;

import io.meetingmedia.gateway.adapter.VendorAdapter;
import io.meetingmedia.gateway.adapter.VendorSession;

/**
 * Recall.ai's legacy real-time video ({@code real_time_media.websocket_video_destination_url}): one socket per
 * video stream, a JSON hello, then binary messages of an 8-byte little-endian header and a PNG image. Superseded
 * by real-time endpoints, but bots created with the old field still speak it.
 */
public final class RecallLegacyAdapter implements VendorAdapter {
  /** Vendor name. */
  public static final String NAME = "recall-legacy";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VendorSession newSession() {
    return new RecallLegacySession();
  }
}
