package io.meetingmedia.gateway.adapter;

/**
 * One vendor protocol. An adapter is stateless; each accepted WebSocket gets its own {@link VendorSession}.
 * Adding a vendor means adding one package with an implementation of this interface and registering it in
 * {@link VendorRegistry}; nothing else in the gateway changes.
 */
public interface VendorAdapter {

  /** @return the vendor name used in routes, config keys, headers and metrics, e.g. {@code recall} */
  String name();

  /** @return a fresh session for a newly accepted connection */
  VendorSession newSession();
}
