package dev.xmppd.s2s.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.xmppd.c2s.tls.TlsMaterial;
import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.config.S2sConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.S2sServices;
import dev.xmppd.s2s.auth.PkixPeerCertificates;
import dev.xmppd.s2s.dialback.DialbackKeys;
import dev.xmppd.s2s.stream.DialbackElement;
import dev.xmppd.s2s.stream.S2sFeatures;
import dev.xmppd.s2s.stream.SaslExternal;
import dev.xmppd.s2s.testing.TestCa;
import dev.xmppd.s2s.testing.TestCertificate;
import dev.xmppd.s2s.tls.S2sTlsContexts;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listeners over real sockets and real TLS: STARTTLS then SASL EXTERNAL with a certificate from a trusted CA,
 * dialback offered instead when the certificate is self-signed, and direct TLS (XEP-0368) on {@code s2s-tls}.
 */
class S2sServerTest {
    private static final String HEADER = "<stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback'"
            + " xmlns:stream='http://etherx.jabber.org/streams' from='a.example' to='b.example' version='1.0'>";

    @TempDir
    Path dir;
    private final TestCa ca = TestCa.create();
    private final RecordingSession alice = new RecordingSession("alice@b.example/phone").available(0);
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private S2sServer server;

    @BeforeEach
    void start() {
        start(S2sConfig.defaults());
    }

    private void start(S2sConfig s2s) {
        if (server != null) {
            server.close();
        }
        XmppdConfig d = XmppdConfig.defaults();
        ListenerConfig plain = new ListenerConfig(true, "127.0.0.1", 0, StartTlsPolicy.REQUIRED);
        ListenerConfig direct = new ListenerConfig(true, "127.0.0.1", 0, StartTlsPolicy.REQUIRED);
        XmppdConfig config = new XmppdConfig(List.of("b.example"), dir, d.listeners().withS2s(plain, direct), d.tls(),
                d.storage(), d.auth(), d.registration(), d.admins(), List.of(), d.limits(), s2s);
        LocalSessionRegistry sessions = new LocalSessionRegistry();
        sessions.add(alice);
        StanzaRouter router = new StanzaRouter(config.hosts(), sessions, new MemoryStorageProvider().accounts(),
                new EventBus());
        TestCertificate b = ca.server("b.example");
        S2sServices services = new S2sServices(config, router, new DialbackKeys(new byte[32]),
                new PkixPeerCertificates(List.of(ca.writeRoot(dir.resolve("ca.pem")))),
                domain -> CompletableFuture.failedFuture(new IllegalStateException("no DNS in tests")),
                S2sTlsContexts.create(new TlsMaterial(b.key(), b.chain())));
        server = new S2sServer(services, (receiving, originating, id, key) -> new CompletableFuture<>(), group, group);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static S2sTlsContexts presenting(TestCertificate certificate) {
        return S2sTlsContexts.create(new TlsMaterial(certificate.key(), certificate.chain()));
    }

    @Test
    void startTlsThenSaslExternalWithATrustedCertificateThenStanzas() throws Exception {
        try (SocketPeer peer = new SocketPeer(group, server.port("s2s"), presenting(ca.server("a.example"))
                .client(false), false)) {
            peer.send(HEADER);
            assertThat(S2sFeatures.parse(peer.nextElement()).startTlsRequired()).isTrue();

            peer.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            assertThat(peer.nextElement().is(Namespaces.TLS, "proceed")).isTrue();
            peer.send(HEADER);
            S2sFeatures afterTls = S2sFeatures.parse(peer.nextElement());
            assertThat(afterTls.mechanisms()).containsExactly("EXTERNAL");
            assertThat(afterTls.dialback()).isTrue();

            peer.send(new String(SaslExternal.auth(null).toBytes(), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(peer.nextElement().is(Namespaces.SASL, "success")).isTrue();
            peer.send(HEADER);
            assertThat(S2sFeatures.parse(peer.nextElement())).isEqualTo(S2sFeatures.NONE);

            peer.send("<message from='romeo@a.example/x' to='alice@b.example/phone'><body>hi</body></message>");
            await().until(() -> alice.messages().size() == 1);
            assertThat(server.streams().links()).singleElement().satisfies(link -> {
                assertThat(link.pair()).isEqualTo(new DomainPair("b.example", "a.example"));
                assertThat(link.method()).isEqualTo(InboundLink.SASL_EXTERNAL);
                assertThat(link.tlsProtocol()).startsWith("TLSv1.");
            });
        }
    }

    @Test
    void aSelfSignedCertificateGetsDialbackButNotExternal() throws Exception {
        try (SocketPeer peer = new SocketPeer(group, server.port("s2s"),
                presenting(TestCa.selfSigned("a.example")).client(false), false)) {
            peer.send(HEADER);
            peer.nextElement();
            peer.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            peer.nextElement();
            peer.send(HEADER);

            S2sFeatures afterTls = S2sFeatures.parse(peer.nextElement());

            assertThat(afterTls.offersExternal()).isFalse();
            assertThat(afterTls.dialback()).isTrue();
            peer.send(new String(SaslExternal.auth(null).toBytes(), java.nio.charset.StandardCharsets.UTF_8));
            XmlElement failure = peer.nextElement();
            assertThat(SaslExternal.failureCondition(failure)).isEqualTo("invalid-mechanism");
        }
    }

    @Test
    void directTlsWithATrustedCertificateAcceptsDialbackOnTheCertificate() throws Exception {
        try (SocketPeer peer = new SocketPeer(group, server.port("s2s-tls"), presenting(ca.server("a.example"))
                .client(true), true)) {
            peer.send(HEADER);
            S2sFeatures features = S2sFeatures.parse(peer.nextElement());
            assertThat(features.startTls()).isFalse();
            assertThat(features.offersExternal()).isTrue();

            // A peer that prefers dialback: its certificate is proof enough, no round trip to a.example.
            peer.send("<db:result from='a.example' to='b.example'>anything</db:result>");

            assertThat(DialbackElement.parse(peer.nextElement()))
                    .isEqualTo(DialbackElement.resultAnswer("b.example", "a.example", true));
            assertThat(server.streams().links()).singleElement()
                    .satisfies(link -> assertThat(link.method()).isEqualTo(InboundLink.DIALBACK_CERTIFICATE));
        }
    }

    /** Connects with {@code certificate}, negotiates STARTTLS, sends the second header; returns the peer. */
    private SocketPeer afterTls(TestCertificate certificate) throws Exception {
        SocketPeer peer = new SocketPeer(group, server.port("s2s"), presenting(certificate).client(false), false);
        peer.send(HEADER);
        peer.nextElement();
        peer.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        peer.nextElement();
        peer.send(HEADER);
        return peer;
    }

    @Test
    void anAuthzidOtherThanTheHeadersFromIsInvalidAuthzid() throws Exception {
        try (SocketPeer peer = afterTls(ca.server("a.example", "c.example"))) {
            assertThat(S2sFeatures.parse(peer.nextElement()).offersExternal()).isTrue();

            peer.send(new String(SaslExternal.auth("c.example").toBytes(), java.nio.charset.StandardCharsets.UTF_8));

            assertThat(SaslExternal.failureCondition(peer.nextElement())).isEqualTo("invalid-authzid");
            assertThat(server.streams().links()).isEmpty();
        }
    }

    @Test
    void anAuthWithoutInitialResponseGetsAnEmptyChallenge() throws Exception {
        try (SocketPeer peer = afterTls(ca.server("a.example"))) {
            peer.nextElement();

            peer.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'/>");
            assertThat(peer.nextElement().is(Namespaces.SASL, "challenge")).isTrue();
            peer.send(new String(SaslExternal.response("a.example").toBytes(),
                    java.nio.charset.StandardCharsets.UTF_8));

            assertThat(peer.nextElement().is(Namespaces.SASL, "success")).isTrue();
        }
    }

    @Test
    void certificatesPolicyEndsTheStreamOfAPeerWithASelfSignedCertificate() throws Exception {
        start(S2sConfig.defaults().withAuth(S2sConfig.AUTH_CERTIFICATES));
        try (SocketPeer peer = afterTls(TestCa.selfSigned("a.example"))) {
            XmlElement error = peer.nextElement();

            assertThat(error.is(Namespaces.STREAM, "error")).isTrue();
            assertThat(error.elements().get(0).name()).isEqualTo("policy-violation");
            assertThat(error.childText(Namespaces.STREAMS_ERRORS, "text")).contains("a.example");
        }
    }

    @Test
    void closeSendsSystemShutdown() throws Exception {
        SocketPeer peer = new SocketPeer(group, server.port("s2s"), null, false);
        peer.send(HEADER);
        peer.nextElement();

        server.close();

        XmlElement error = peer.nextElement();
        assertThat(error.is(Namespaces.STREAM, "error")).isTrue();
        assertThat(error.elements().get(0).name()).isEqualTo("system-shutdown");
        peer.close();
    }
}
