package io.meetingmedia.gateway.adapter.meetstreamaudio;

import io.meetingmedia.gateway.adapter.VendorAdapter;
import io.meetingmedia.gateway.adapter.VendorSession;

/**
 * MeetStream live audio ({@code live_audio_required.websocket_url}): a {@code ready} JSON message, then binary
 * frames of 48 kHz mono s16le PCM, each prefixed with the speaker's id and display name.
 */
public final class MeetStreamAudioAdapter implements VendorAdapter {
  /** Vendor name. */
  public static final String NAME = "meetstream-audio";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public VendorSession newSession() {
    return new MeetStreamAudioSession();
  }
}
