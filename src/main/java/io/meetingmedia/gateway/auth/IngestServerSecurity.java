package io.meetingmedia.gateway.auth;

import io.meetingmedia.gateway.config.GatewayConfig;
import io.meetingmedia.gateway.config.TlsConfig;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.concurrent.TimeUnit;

/** The security side of the ingest listener's options: TLS from PEM files and the handshake bounds. */
public final class IngestServerSecurity {
  private IngestServerSecurity() {
  }

  /**
   * @param config  the configuration
   * @param options options to complete
   * @param clock   notes each TLS connection's accept time (see {@link HandshakeGate#acceptClock()})
   * @return {@code options}, serving {@code wss://} when {@code tls} names a certificate; the TLS handshake gets the
   *     whole handshake budget from TCP accept, and the handshake timer the rest of the same budget
   */
  public static HttpServerOptions apply(GatewayConfig config, HttpServerOptions options, TlsAcceptClock clock) {
    TlsConfig tls = config.tls();
    // HTTP/1.1 only: the connection handler then runs as the connection opens (with TLS, once TLS is done: the
    // accept clock covers the time before), and no h2c upgrade path exists on a WebSocket listener
    options.setHttp2ClearTextEnabled(false);
    options.setSslHandshakeTimeout(config.limits().handshakeTimeoutSeconds());
    options.setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    if (tls.enabled()) {
      options.setSsl(true).setUseAlpn(false).setSslEngineOptions(clock.engineOptions())
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPath()).setKeyPath(tls.keyPath()));
    }
    return options;
  }
}
