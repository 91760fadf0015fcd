package io.meetingmedia.gateway.simulator;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The WebSocket URL a simulated bot connects to: {@code --url} as given, or the {@code --gateway} base with the
 * vendor's ingest route, so that one flag points every vendor at one gateway. The token travels as
 * {@code ?token=}, the form every vendor can send.
 */
final class GatewayEndpoint {

  private GatewayEndpoint() {
  }

  /**
   * @param url     {@code --url}, or {@code null}
   * @param gateway {@code --gateway} (used when {@code url} is null)
   * @param token   {@code --token}, or {@code null}
   * @param route   the vendor's route name
   * @return the URL: http becomes ws, https becomes wss
   * @throws IllegalArgumentException when the result is not a ws:// or wss:// URL with a host
   */
  static URI of(String url, String gateway, String token, String route) {
    String base = url;
    if (base == null) {
      String g = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
      if (g.startsWith("https://")) {
        g = "wss://" + g.substring(8);
      } else if (g.startsWith("http://")) {
        g = "ws://" + g.substring(7);
      }
      base = g + "/ingest/" + route;
      if (token != null) {
        base += "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
      }
    } else if (token != null) {
      base += (base.contains("?") ? "&" : "?") + "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
    URI uri = URI.create(base);
    if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
      throw new IllegalArgumentException("the URL must start with ws://, wss://, http:// or https://: " + base);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("the URL has no host: " + base);
    }
    return uri;
  }
}
