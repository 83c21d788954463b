package dev.xmppd.s2s.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.TlsConfig;
import dev.xmppd.s2s.testing.TestCa;
import dev.xmppd.s2s.testing.TestCertificate;
import dev.xmppd.s2s.testing.TestCertificateFiles;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S2sTlsContextsTest {

    private static final TestCa CA = TestCa.create();
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    @TempDir
    Path dir;

    @Test
    void directTlsExchangesBothChainsWithAlpnAndSni() throws Exception {
        // Set up fixture
        TestCertificate a = CA.server("a.test");
        TestCertificate b = CA.intermediate("issuing CA").server("b.test");
        S2sTlsContexts outbound = contexts(a, "a.test");
        S2sTlsContexts inbound = contexts(b, "b.test");

        // Execute system under test
        try (HandshakePair pair = new HandshakePair(outbound.client(true).newHandler(ALLOC, "b.test", 5270),
                inbound.server().newHandler(ALLOC))) {

            // Verify results
            assertThat(pair.succeeded()).isTrue();
            assertThat(S2sTlsContexts.peerChain(pair.server)).isEqualTo(a.chain());
            assertThat(S2sTlsContexts.peerChain(pair.client)).isEqualTo(b.chain());
            assertThat(pair.client.engine().getApplicationProtocol()).isEqualTo(S2sTlsContexts.ALPN_XMPP_SERVER);
            assertThat(pair.server.engine().getApplicationProtocol()).isEqualTo(S2sTlsContexts.ALPN_XMPP_SERVER);
            assertThat(((ExtendedSSLSession) pair.server.engine().getSession()).getRequestedServerNames())
                    .containsExactly(new SNIHostName("b.test"));
        }
    }

    @Test
    void startTlsOffersNoAlpnAndStillPresentsOurCertificate() throws Exception {
        // Set up fixture
        TestCertificate a = CA.server("a.test");
        TestCertificate b = CA.server("b.test");

        // Execute system under test
        try (HandshakePair pair = new HandshakePair(
                contexts(a, "a.test").client(false).newHandler(ALLOC, "b.test", 5269),
                contexts(b, "b.test").server().newHandler(ALLOC))) {

            // Verify results
            assertThat(pair.succeeded()).isTrue();
            assertThat(pair.client.engine().getApplicationProtocol()).isNullOrEmpty();
            assertThat(S2sTlsContexts.peerChain(pair.server)).isEqualTo(a.chain());
        }
    }

    @Test
    void certificateForServerAuthOnlyIsStillPresentedAsClientCertificate() throws Exception {
        // Set up fixture: extended key usage serverAuth without clientAuth
        TestCertificate a = CA.leaf("a.test").dnsNames("a.test").serverAuthOnly().issue();

        // Execute system under test
        try (HandshakePair pair = new HandshakePair(contexts(a, "a.test").client(false).newHandler(ALLOC, "b.test", 5269),
                contexts(CA.server("b.test"), "b.test").server().newHandler(ALLOC))) {

            // Verify results
            assertThat(pair.succeeded()).isTrue();
            assertThat(S2sTlsContexts.peerChain(pair.server)).isEqualTo(a.chain());
        }
    }

    @Test
    void acceptsSelfSignedAndWrongNameChainsForLaterJudgement() throws Exception {
        // Set up fixture: the server's certificate names another domain and comes from no CA
        TestCertificate wrong = TestCa.selfSigned("elsewhere.test");
        TestCertificate untrustedClient = TestCa.selfSigned("a.test");

        // Execute system under test
        try (HandshakePair pair = new HandshakePair(
                contexts(untrustedClient, "a.test").client(false).newHandler(ALLOC, "b.test", 5269),
                contexts(wrong, "b.test").server().newHandler(ALLOC))) {

            // Verify results
            assertThat(pair.succeeded()).isTrue();
            assertThat(S2sTlsContexts.peerChain(pair.client)).isEqualTo(wrong.chain());
            assertThat(S2sTlsContexts.peerChain(pair.server)).isEqualTo(untrustedClient.chain());
        }
    }

    @Test
    void peerWithoutCertificateIsAcceptedWithAnEmptyChain() throws Exception {
        // Set up fixture: a client that offers ALPN for another protocol and has no certificate
        SslContext anonymous = SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                        SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, "h2"))
                .build();

        // Execute system under test
        try (HandshakePair pair = new HandshakePair(anonymous.newHandler(ALLOC, "b.test", 5269),
                contexts(CA.server("b.test"), "b.test").server().newHandler(ALLOC))) {

            // Verify results
            assertThat(pair.succeeded()).isTrue();
            assertThat(S2sTlsContexts.peerChain(pair.server)).isEmpty();
            assertThat(pair.server.engine().getApplicationProtocol()).isNullOrEmpty();
        }
    }

    @Test
    void peerChainIsEmptyBeforeTheHandshake() {
        // Set up fixture: a client that has sent its hello and heard nothing yet
        SslHandler handler = contexts(CA.server("a.test"), "a.test").client(false).newHandler(ALLOC, "b.test", 5269);
        EmbeddedChannel channel = new EmbeddedChannel(handler);

        // Execute system under test
        try {
            List<X509Certificate> chain = S2sTlsContexts.peerChain(handler);

            // Verify results
            assertThat(chain).isEmpty();
            assertThat(handler.handshakeFuture().isDone()).isFalse();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void selfSignedCertificateOfTheDataDirectoryWhenNoneIsConfigured() throws Exception {
        // Execute system under test
        S2sTlsContexts a = S2sTlsContexts.create(TlsConfig.defaults(), dir.resolve("a"), List.of("a.test"));
        S2sTlsContexts b = S2sTlsContexts.create(TlsConfig.defaults(), dir.resolve("b"), List.of("b.test"));
        try (HandshakePair pair = new HandshakePair(a.client(true).newHandler(ALLOC, "b.test", 5270),
                b.server().newHandler(ALLOC))) {

            // Verify results
            assertThat(pair.succeeded()).isTrue();
            assertThat(S2sTlsContexts.peerChain(pair.server).get(0).getSubjectX500Principal().getName())
                    .contains("CN=a.test");
        }
    }

    /** Contexts loaded from the PEM files, as a server configured with {@code tls.cert} and {@code tls.key}. */
    private S2sTlsContexts contexts(TestCertificate certificate, String name) {
        TestCertificateFiles files = certificate.writeTo(dir.resolve(name), name);
        return S2sTlsContexts.create(new TlsConfig(files.cert(), files.key()), dir.resolve("data"), List.of(name));
    }
}
