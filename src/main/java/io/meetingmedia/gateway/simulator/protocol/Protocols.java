package io.meetingmedia.gateway.simulator.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The vendor protocols the simulator speaks, by {@code --vendor} name. */
public final class Protocols {
  private static final Map<String, VendorProtocol> ALL = new LinkedHashMap<>();

  static {
    for (VendorProtocol p : new VendorProtocol[] {new AttendeeProtocol(), new RecallProtocol(),
        new RecallLegacyProtocol(), new MeetStreamProtocol(), new MeetStreamAudioProtocol()}) {
      ALL.put(p.name(), p);
    }
  }

  private Protocols() {
  }

  /**
   * @param vendor the {@code --vendor} value
   * @return its protocol
   * @throws IllegalArgumentException for an unknown vendor
   */
  public static VendorProtocol byName(String vendor) {
    VendorProtocol p = ALL.get(vendor);
    if (p == null) {
      throw new IllegalArgumentException("unknown vendor '" + vendor + "'; one of " + String.join(", ", names()));
    }
    return p;
  }

  public static Set<String> names() {
    return ALL.keySet();
  }
}
