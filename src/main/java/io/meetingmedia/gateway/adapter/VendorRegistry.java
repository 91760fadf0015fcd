package io.meetingmedia.gateway.adapter;

import io.meetingmedia.gateway.adapter.attendee.AttendeeAdapter;
import io.meetingmedia.gateway.adapter.meetstream.MeetStreamAdapter;
import io.meetingmedia.gateway.adapter.meetstreamaudio.MeetStreamAudioAdapter;
import io.meetingmedia.gateway.adapter.recall.RecallAdapter;
import io.meetingmedia.gateway.adapter.recalllegacy.RecallLegacyAdapter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The adapters the gateway ships, by vendor name. The route of each is {@code /ingest/<name>} by default. */
public final class VendorRegistry {
  private final Map<String, VendorAdapter> adapters = new LinkedHashMap<>();

  private VendorRegistry() {
  }

  /** @return the registry of every built-in adapter */
  public static VendorRegistry builtIn() {
    VendorRegistry registry = new VendorRegistry();
    registry.add(new RecallAdapter());
    registry.add(new RecallLegacyAdapter());
    registry.add(new AttendeeAdapter());
    registry.add(new MeetStreamAdapter());
    registry.add(new MeetStreamAudioAdapter());
    return registry;
  }

  private void add(VendorAdapter adapter) {
    adapters.put(adapter.name(), adapter);
  }

  /** @return the adapter for a vendor name */
  public Optional<VendorAdapter> find(String vendor) {
    return Optional.ofNullable(adapters.get(vendor));
  }

  /** @return the names of all vendors */
  public Set<String> names() {
    return adapters.keySet();
  }
}
