package io.meetingmedia.gateway.adapter.recall;

import io.meetingmedia.gateway.adapter.VendorAdapter;
import io.meetingmedia.gateway.adapter.VendorSession;

/**
 * Recall.ai real-time websocket endpoints ({@code recording_config.realtime_endpoints}): JSON text messages
 * {@code {"event": "...", "data": {"data": {...}, "bot": {...}, ...}}}.
 */
public final class RecallAdapter implements VendorAdapter {
  /** Vendor name. */
  public static final String NAME = "recall";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VendorSession newSession() {
    return new RecallSession();
  }
}
