package dev.xmppd.c2s.tls;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.config.ConfigException;
import dev.xmppd.core.config.TlsConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the server {@link SslContext} for client (and server) streams, TLS 1.3 and 1.2 only: client listeners on
 * OpenSSL (netty-tcnative's BoringSSL) where its native library loads, else on Conscrypt, else on Java's own JSSE;
 * server-to-server builders on Conscrypt or the JDK ({@link TlsProvider}). The choice is logged at INFO.
 *
 * <pre>
 * SslContext ssl = TlsContexts.server(config.tls(), dataDir, config.hosts());
 * pipeline.addFirst("tls", ssl.newHandler(ch.alloc()));   // on &lt;proceed/&gt;, or up front for direct TLS
 * </pre>
 *
 * <p>ALPN: a client that offers {@code xmpp-client} (XEP-0368 §2) gets it; a client offering only other protocols, or
 * none, gets no ALPN answer rather than a handshake failure (RFC 7301 §3.2 leaves that choice to the server).
 *
 * <p>Why not the JDK: OpenSSL and Conscrypt give {@code tls-exporter} (RFC 9266) its keying material, and their
 * handshakes are cheaper; OpenSSL also holds less memory per idle connection. Java 17's JSSE has no exporter. The Bouncy Castle JSSE provider has
 * {@code getChannelBinding("tls-exporter")}, but its TLS stack clears the exporter secrets at the end of the handshake
 * ({@code SecurityParameters.clear()} from {@code TlsProtocol.cleanupHandshake()}, bctls 1.81 and 1.84), so after
 * Netty reports the handshake complete the call fails with "Export of key material only available from
 * notifyHandshakeComplete()", and JSSE offers no hook into that moment for an {@link SSLEngine}. See
 * {@link TlsChannelBinding}.
 */
public final class TlsContexts {

    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    /** XEP-0368 §2: the ALPN protocol for direct TLS client connections. */
    public static final String ALPN_XMPP_CLIENT = "xmpp-client";

    /** RFC 8996: nothing older than TLS 1.2. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsContexts() {
    }

    /**
     * The server context: with {@code tls.cert} and {@code tls.key} if set, else with a self-signed certificate for
     * {@code hosts} kept in {@code <dataDir>/tls/} (generated on first start and whenever the hosts change).
     *
     * @throws ConfigException if a configured file is missing or unreadable, or the key does not fit the certificate
     */
    public static SslContext server(TlsConfig tls, Path dataDir, List<String> hosts) {
        TlsProvider provider = TlsProvider.preferred();
        SslContext context = server(tls, dataDir, hosts, provider);
        if (provider == TlsProvider.OPENSSL) {
            log.info("TLS: {} (tls-exporter channel binding on TLS 1.3)", provider.description());
        } else if (provider == TlsProvider.CONSCRYPT) {
            log.info("TLS: {} (tls-exporter channel binding on TLS 1.3); OpenSSL is unavailable ({}), so each TLS"
                    + " connection also holds a pipe pair (3 file descriptors)", provider.description(),
                    TlsProvider.openSslUnavailableReason());
        } else {
            log.info("TLS: {}; OpenSSL ({}) and Conscrypt ({}) are unavailable, so no tls-exporter channel binding",
                    provider.description(), TlsProvider.openSslUnavailableReason(),
                    TlsProvider.conscryptUnavailableReason());
        }
        return context;
    }

    /** {@link #server(TlsConfig, Path, List)} with a chosen provider, for tests of the fallback. */
    static SslContext server(TlsConfig tls, Path dataDir, List<String> hosts, TlsProvider provider) {
        requireNonNull(tls, "tls");
        requireNonNull(dataDir, "dataDir");
        requireNonNull(hosts, "hosts");
        requireNonNull(provider, "provider");
        TlsMaterial material = material(tls, dataDir, hosts);
        try {
            SslContextBuilder builder = provider.configure(
                    SslContextBuilder.forServer(material.key(), material.chain())).protocols(PROTOCOLS);
            if (provider == TlsProvider.OPENSSL) {
                // ALPN in OpenSSL's callback: xmpp-client if offered, else no answer (NO_ADVERTISE).
                SslContext context = builder.applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                        SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT,
                        ALPN_XMPP_CLIENT)).build();
                if (!OpenSslExporterSecrets.install(context)) {
                    log.warn("TLS: cannot read the exporter secret from {}, so no tls-exporter channel binding"
                            + " (clients still get tls-server-end-point)", provider.description());
                }
                return context;
            }
            return new AlpnSslContext(builder.build());
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * A server context builder with this material, the preferred provider and the same protocols, for listeners that
     * need more than {@link #server}, e.g. server-to-server (optional client certificates, {@code xmpp-server} ALPN).
     */
    public static SslContextBuilder serverBuilder(TlsMaterial material) {
        requireNonNull(material, "material");
        return TlsProvider.preferredJsse().configure(SslContextBuilder.forServer(material.key(), material.chain()))
                .protocols(PROTOCOLS);
    }

    /**
     * A client context builder with the same provider and protocols, e.g. for outbound server-to-server streams. Add
     * a trust manager before building.
     */
    public static SslContextBuilder clientBuilder() {
        return clientBuilder(TlsProvider.preferredJsse());
    }

    static SslContextBuilder clientBuilder(TlsProvider provider) {
        return provider.configure(SslContextBuilder.forClient()).protocols(PROTOCOLS);
    }

    /**
     * The key and chain {@link #server} presents: {@code tls.cert} and {@code tls.key} if set, else the self-signed
     * certificate for {@code hosts} kept in {@code <dataDir>/tls/}.
     *
     * @throws ConfigException if a configured file is missing or unreadable, or the key does not fit the certificate
     */
    public static TlsMaterial material(TlsConfig tls, Path dataDir, List<String> hosts) {
        requireNonNull(tls, "tls");
        requireNonNull(dataDir, "dataDir");
        requireNonNull(hosts, "hosts");
        if (tls.cert() == null && tls.key() == null) {
            return SelfSignedCertificates.loadOrCreate(dataDir, hosts);
        }
        if (tls.cert() == null || tls.key() == null) {
            throw new ConfigException("tls: cert and key must be set together (got cert: " + tls.cert() + ", key: "
                    + tls.key() + ")");
        }
        return PemFiles.read(tls.cert(), tls.key());
    }

    /** Selects {@code xmpp-client} when the client offers it (XEP-0368), and no ALPN otherwise. */
    private static final class AlpnSslContext extends DelegatingSslContext {
        AlpnSslContext(SslContext context) {
            super(context);
        }

        @Override
        protected void initEngine(SSLEngine engine) {
            // An empty string means "no ALPN"; null would abort the handshake.
            engine.setHandshakeApplicationProtocolSelector(
                    (e, offered) -> offered.contains(ALPN_XMPP_CLIENT) ? ALPN_XMPP_CLIENT : "");
        }
    }
}
