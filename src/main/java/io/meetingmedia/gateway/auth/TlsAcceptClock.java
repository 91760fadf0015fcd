package io.meetingmedia.gateway.auth;

import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.tls.SslContextFactory;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Remembers when each TLS connection was accepted, so that {@link HandshakeTimer} counts one budget from TCP accept
 * to the upgrade. Vert.x runs a server's connection handler only once TLS is done, so a timer started there would
 * add the TLS time to the budget. Vert.x makes each connection's SSL handler at accept; this class hooks into its
 * making (through the SSL engine options of the listener), notes the time, and, once that TLS handshake succeeds,
 * files the time under the peer's address, where the handshake timer takes it a moment later. A TLS handshake that
 * runs out of the budget (the listener's SSL handshake timeout is the same budget) is counted as a handshake
 * timeout. One instance serves every ingest verticle; thread-safe.
 */
public final class TlsAcceptClock {
  private final long budgetNanos;
  private final Runnable onTlsTimeout;
  /** accept time (nanoTime) by peer address, oldest first; guarded by {@code this} */
  private final Map<String, Long> acceptedAt = new LinkedHashMap<>();

  TlsAcceptClock(long budgetMillis, Runnable onTlsTimeout) {
    this.budgetNanos = budgetMillis * 1_000_000L;
    this.onTlsTimeout = onTlsTimeout;
  }

  /** @return JDK SSL engine options that report each TLS connection's accept time to this clock */
  public JdkSSLEngineOptions engineOptions() {
    return new ClockedEngineOptions(this);
  }

  /**
   * @param remote   the connection's peer
   * @param fallback returned when no TLS accept time is known (a plain connection: its handler runs at accept)
   * @return when the TLS connection from {@code remote} was accepted, as {@link System#nanoTime()}; forgotten
   *     afterwards
   */
  long acceptedAtNanos(SocketAddress remote, long fallback) {
    if (remote == null) {
      return fallback;
    }
    Long at;
    synchronized (this) {
      at = acceptedAt.remove(key(remote.hostAddress(), remote.port()));
    }
    return at == null ? fallback : at;
  }

  static String key(String hostAddress, int port) {
    return hostAddress + ":" + port;
  }

  private void watch(SslHandler handler) {
    long accepted = System.nanoTime();
    handler.setHandshakeTimeoutMillis(budgetNanos / 1_000_000L);
    handler.handshakeFuture().addListener(f -> {
      if (f.isSuccess() && f.getNow() instanceof Channel channel
          && channel.remoteAddress() instanceof InetSocketAddress peer && peer.getAddress() != null) {
        file(key(peer.getAddress().getHostAddress(), peer.getPort()), accepted);
      } else if (f.cause() instanceof SslHandshakeTimeoutException) {
        onTlsTimeout.run();
      }
    });
  }

  private synchronized void file(String key, long accepted) {
    // entries older than the budget are of no use any more (their connection has been closed or is being closed)
    long now = System.nanoTime();
    for (Iterator<Long> it = acceptedAt.values().iterator(); it.hasNext(); ) {
      if (now - it.next() <= budgetNanos) {
        break;
      }
      it.remove();
    }
    acceptedAt.put(key, accepted);
  }

  synchronized int pending() {
    return acceptedAt.size();
  }

  /** JDK engine options whose SSL contexts let the clock watch every SSL handler they make. */
  private static final class ClockedEngineOptions extends JdkSSLEngineOptions {
    private final TlsAcceptClock clock;

    ClockedEngineOptions(TlsAcceptClock clock) {
      this.clock = clock;
    }

    ClockedEngineOptions(ClockedEngineOptions other) {
      super(other);
      this.clock = other.clock;
    }

    @Override
    public JdkSSLEngineOptions copy() {
      return new ClockedEngineOptions(this);
    }

    @Override
    public SslContextFactory sslContextFactory() {
      return new ClockedContextFactory(super.sslContextFactory(), clock);
    }
  }

  private static final class ClockedContextFactory implements SslContextFactory {
    private final SslContextFactory delegate;
    private final TlsAcceptClock clock;

    ClockedContextFactory(SslContextFactory delegate, TlsAcceptClock clock) {
      this.delegate = delegate;
      this.clock = clock;
    }

    @Override
    public SslContextFactory useAlpn(boolean useAlpn) {
      delegate.useAlpn(useAlpn);
      return this;
    }

    @Override
    public SslContextFactory clientAuth(ClientAuth clientAuth) {
      delegate.clientAuth(clientAuth);
      return this;
    }

    @Override
    public SslContextFactory forClient(boolean forClient) {
      delegate.forClient(forClient);
      return this;
    }

    @Override
    public SslContextFactory keyMananagerFactory(KeyManagerFactory kmf) {
      delegate.keyMananagerFactory(kmf);
      return this;
    }

    @Override
    public SslContextFactory trustManagerFactory(TrustManagerFactory tmf) {
      delegate.trustManagerFactory(tmf);
      return this;
    }

    @Override
    public SslContextFactory enabledCipherSuites(Set<String> enabledCipherSuites) {
      delegate.enabledCipherSuites(enabledCipherSuites);
      return this;
    }

    @Override
    public SslContextFactory applicationProtocols(List<String> applicationProtocols) {
      delegate.applicationProtocols(applicationProtocols);
      return this;
    }

    @Override
    public SslContextFactory serverName(String serverName) {
      delegate.serverName(serverName);
      return this;
    }

    @Override
    public SslContext create() throws SSLException {
      return new DelegatingSslContext(delegate.create()) {
        @Override
        protected void initEngine(SSLEngine engine) {
          // engines made without a handler are not connections of the listener
        }

        @Override
        protected void initHandler(SslHandler handler) {
          clock.watch(handler);
        }
      };
    }
  }
}
