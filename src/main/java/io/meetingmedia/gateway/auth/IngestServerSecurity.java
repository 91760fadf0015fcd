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
   * @return {@code options}, serving {@code wss://} when {@code tls} names a certificate
   */
  public static HttpServerOptions apply(GatewayConfig config, HttpServerOptions options) {
    TlsConfig tls = config.tls();
    // HTTP/1.1 only: the connection handler then runs as the connection opens, which starts the handshake timer
    // before the first byte, and no h2c upgrade path exists on a WebSocket listener
    options.setHttp2ClearTextEnabled(false);
    options.setSslHandshakeTimeout(config.limits().handshakeTimeoutSeconds());
    options.setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    if (tls.enabled()) {
      options.setSsl(true).setUseAlpn(false)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPath()).setKeyPath(tls.keyPath()));
    }
    return options;
  }
}
