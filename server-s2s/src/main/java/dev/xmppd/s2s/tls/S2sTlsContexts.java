package dev.xmppd.s2s.tls;

import static java.util.Objects.requireNonNull;

import dev.xmppd.c2s.tls.TlsContexts;
import dev.xmppd.c2s.tls.TlsMaterial;
import dev.xmppd.core.config.ConfigException;
import dev.xmppd.core.config.TlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The TLS contexts of server-to-server streams (RFC 6120 §5, XEP-0368, XEP-0178): the same certificate, provider
 * (Conscrypt or the JDK) and protocols (TLS 1.3 and 1.2) as the client listeners, used in both directions.
 *
 * <ul>
 * <li>{@link #server()} for inbound streams: asks for a client certificate but does not require one, so a peer can
 * authenticate with SASL EXTERNAL if it has one and with dialback otherwise; selects ALPN {@code xmpp-server} when the
 * peer offers it (XEP-0368 §2), else answers no ALPN.</li>
 * <li>{@link #client(boolean)} for outbound streams: presents our chain as client certificate (the peer needs it for
 * SASL EXTERNAL), offers ALPN {@code xmpp-server} for direct TLS only.</li>
 * </ul>
 * The negotiated ALPN protocol is {@code sslHandler.engine().getApplicationProtocol()} ({@code ""} or {@code null}
 * for none).
 *
 * <p>Neither context rejects a peer chain at handshake time: the chain is read with {@link #peerChain(SslHandler)}
 * once the handshake is done and judged by {@link dev.xmppd.s2s.auth.PeerCertificates}, whose verdict decides between
 * SASL EXTERNAL and dialback. Host name verification is off for the same reason.
 *
 * <pre>
 * S2sTlsContexts tls = S2sTlsContexts.create(config.tls(), config.data(), config.hosts());
 * // inbound, on &lt;starttls/&gt; or up front on a direct TLS listener:
 * ch.pipeline().addFirst("tls", tls.server().newHandler(ch.alloc()));
 * // outbound, SNI = the remote domain (never the SRV target host):
 * ch.pipeline().addFirst("tls", tls.client(target.directTls()).newHandler(ch.alloc(), remoteDomain, target.port()));
 * // after SslHandler.handshakeFuture() succeeded:
 * CertificateVerdict verdict = peerCertificates.verify(S2sTlsContexts.peerChain(sslHandler), remoteDomain);
 * </pre>
 *
 * <p>The contexts are immutable and shared by all connections.
 */
public final class S2sTlsContexts {

    /** XEP-0368 §2: the ALPN protocol of direct TLS server-to-server connections. */
    public static final String ALPN_XMPP_SERVER = "xmpp-server";

    private final SslContext server;
    private final SslContext startTlsClient;
    private final SslContext directTlsClient;

    private S2sTlsContexts(SslContext server, SslContext startTlsClient, SslContext directTlsClient) {
        this.server = server;
        this.startTlsClient = startTlsClient;
        this.directTlsClient = directTlsClient;
    }

    /**
     * Contexts with {@code tls.cert} and {@code tls.key} if set, else with the self-signed certificate for
     * {@code hosts} that the client listeners use (kept in {@code <dataDir>/tls/}).
     *
     * @throws ConfigException if a configured file is missing or unreadable, or the key does not fit the certificate
     */
    public static S2sTlsContexts create(TlsConfig tls, Path dataDir, List<String> hosts) {
        return create(TlsContexts.material(tls, dataDir, hosts));
    }

    /** Contexts presenting this key and chain, e.g. one loaded once for both client and server listeners. */
    public static S2sTlsContexts create(TlsMaterial material) {
        requireNonNull(material, "material");
        try {
            SslContext server = new ServerAlpn(TlsContexts.serverBuilder(material)
                    .clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(AcceptAnyChain.INSTANCE)
                    .build());
            SslContext startTls = client(material).build();
            return new S2sTlsContexts(server, startTls, new ClientAlpn(startTls));
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the server-to-server TLS contexts: " + e.getMessage(), e);
        }
    }

    private static SslContextBuilder client(TlsMaterial material) {
        return TlsContexts.clientBuilder()
                .keyManager(material.key(), material.chain())
                .trustManager(AcceptAnyChain.INSTANCE)
                .endpointIdentificationAlgorithm(null);
    }

    /** For inbound streams: optional client certificate, ALPN {@code xmpp-server} if offered. */
    public SslContext server() {
        return server;
    }

    /**
     * For outbound streams; create handlers with the remote domain as SNI:
     * {@code client(directTls).newHandler(alloc, remoteDomain, port)}.
     *
     * @param directTls true for a direct TLS connection ({@code _xmpps-server}, XEP-0368), which offers ALPN
     *     {@code xmpp-server}; false for STARTTLS, which offers no ALPN
     */
    public SslContext client(boolean directTls) {
        return directTls ? directTlsClient : startTlsClient;
    }

    /**
     * The certificates the peer presented, leaf first, after the handshake of {@code handler} completed; empty if it
     * presented none (an inbound peer need not) or the handshake is not done.
     */
    public static List<X509Certificate> peerChain(SslHandler handler) {
        requireNonNull(handler, "handler");
        SSLSession session = handler.engine().getSession();
        Certificate[] certificates;
        try {
            certificates = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
        List<X509Certificate> chain = new ArrayList<>(certificates.length);
        for (Certificate certificate : certificates) {
            if (certificate instanceof X509Certificate x509) {
                chain.add(x509);
            }
        }
        return List.copyOf(chain);
    }

    /**
     * Offers {@code xmpp-server} (XEP-0368 §2). Set on the engine itself, as the server side selects, rather than
     * through Netty's ALPN wrapper engine: the negotiated protocol is then {@code engine().getApplicationProtocol()}
     * on either side, whichever provider made the engine.
     */
    private static final class ClientAlpn extends DelegatingSslContext {
        ClientAlpn(SslContext context) {
            super(context);
        }

        @Override
        protected void initEngine(SSLEngine engine) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {ALPN_XMPP_SERVER});
            engine.setSSLParameters(parameters);
        }
    }

    /** Selects {@code xmpp-server} when the peer offers it (XEP-0368), and no ALPN otherwise. */
    private static final class ServerAlpn extends DelegatingSslContext {
        ServerAlpn(SslContext context) {
            super(context);
        }

        @Override
        protected void initEngine(SSLEngine engine) {
            // An empty string means "no ALPN"; null would abort the handshake.
            engine.setHandshakeApplicationProtocolSelector(
                    (e, offered) -> offered.contains(ALPN_XMPP_SERVER) ? ALPN_XMPP_SERVER : "");
        }
    }
}
