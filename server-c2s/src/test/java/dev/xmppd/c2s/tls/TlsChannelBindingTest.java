package dev.xmppd.c2s.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xmppd.c2s.sasl.ChannelBinding;
import dev.xmppd.core.config.TlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Channel bindings of real handshakes through Netty: an OpenSSL server with a Conscrypt client, Conscrypt at both
 * ends, a Bouncy Castle client as an independent RFC 9266 implementation, and the JDK fallback.
 */
class TlsChannelBindingTest {

    static SslContext server;

    @BeforeAll
    static void serverContext(@TempDir Path dataDir) {
        // The tls-exporter tests need OpenSSL (netty-tcnative ships linux-x86_64 here) and Conscrypt for the client.
        assumeTrue(TlsProvider.preferred() == TlsProvider.OPENSSL, TlsProvider::openSslUnavailableReason);
        assumeTrue(TlsProvider.preferredJsse() == TlsProvider.CONSCRYPT, TlsProvider::conscryptUnavailableReason);
        server = TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void bothEndsComputeTheSameBindings(String protocol) throws Exception {
        // Setup test fixture
        SslContext client = TlsContexts.clientBuilder()
                .trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null)
                .protocols(protocol).build();

        // Execute system under test
        try (TlsTestPair tls = TlsTestPair.handshake(client, server)) {
            assertThat(tls.succeeded()).isTrue();
            ChannelBinding ours = TlsChannelBinding.of(tls.server);
            ChannelBinding theirs = TlsChannelBinding.of(tls.client);

            // Verify results
            assertThat(tls.server.engine().getSession().getProtocol()).isEqualTo(protocol);
            X509Certificate cert = (X509Certificate) tls.server.engine().getSession().getLocalCertificates()[0];
            // RFC 5929 §4.1: ECDSA with SHA-256 -> SHA-256 of the DER certificate.
            assertThat(ours.data("tls-server-end-point"))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()))
                    .isEqualTo(theirs.data("tls-server-end-point"));
            assertThat(ours.data("tls-unique")).isNull();
            if (protocol.equals("TLSv1.3")) {
                assertThat(ours.types()).containsExactly("tls-exporter", "tls-server-end-point");
                assertThat(ours.data("tls-exporter")).hasSize(32).isEqualTo(theirs.data("tls-exporter"))
                        .isEqualTo(Conscrypt.exportKeyingMaterial(tls.client.engine(), "EXPORTER-Channel-Binding",
                                null, 32));
            } else {
                // RFC 9266 §3: not on TLS 1.2 unless the extended master secret is known to be in use.
                assertThat(ours.types()).containsExactly("tls-server-end-point");
                assertThat(ours.data("tls-exporter")).isNull();
            }
        }
    }

    @Test
    void exporterMatchesAnIndependentTls13Implementation() throws Exception {
        try (BcTlsClientPair tls = BcTlsClientPair.handshake(server, ProtocolVersion.TLSv13)) {
            assertThat(tls.succeeded()).isTrue();

            ChannelBinding ours = TlsChannelBinding.of(tls.server);

            assertThat(tls.exporter()).hasSize(32);
            assertThat(ours.data("tls-exporter")).isEqualTo(tls.exporter());
        }
    }

    @ParameterizedTest
    @CsvSource({"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
    void exporterMatchesAnIndependentTls13ImplementationForEverySuiteHash(String name) throws Exception {
        int suite = name.equals("TLS_AES_256_GCM_SHA384") ? CipherSuite.TLS_AES_256_GCM_SHA384
                : CipherSuite.TLS_CHACHA20_POLY1305_SHA256;
        // The OpenSSL exporter is computed here from the exporter secret with the suite's hash (SHA-384 or SHA-256).
        try (BcTlsClientPair tls = BcTlsClientPair.handshake(server, ProtocolVersion.TLSv13, new int[] {suite})) {
            assertThat(tls.succeeded()).isTrue();
            assertThat(tls.server.engine().getSession().getCipherSuite()).isEqualTo(name);

            assertThat(tls.exporter()).hasSize(32);
            assertThat(TlsChannelBinding.of(tls.server).data("tls-exporter")).isEqualTo(tls.exporter());
        }
    }

    @Test
    void tls12OffersNoExporterEvenWithTheExtendedMasterSecret() throws Exception {
        // Bouncy Castle negotiates the extended master secret (RFC 7627) and would export, but Conscrypt cannot
        // confirm it on the server side, so RFC 9266 §3 keeps tls-exporter off TLS 1.2.
        try (BcTlsClientPair tls = BcTlsClientPair.handshake(server, ProtocolVersion.TLSv12)) {
            assertThat(tls.succeeded()).isTrue();
            assertThat(tls.extendedMasterSecret()).isTrue();

            assertThat(TlsChannelBinding.of(tls.server).types()).containsExactly("tls-server-end-point");
        }
    }

    @Test
    void exporterIsDifferentOnEveryConnection() throws Exception {
        try (TlsTestPair a = TlsTestPair.handshake(conscryptClient(), server);
                TlsTestPair b = TlsTestPair.handshake(conscryptClient(), server)) {
            byte[] first = TlsChannelBinding.of(a.server).data("tls-exporter");
            byte[] second = TlsChannelBinding.of(b.server).data("tls-exporter");

            assertThat(first).hasSize(32).isNotEqualTo(second);
            assertThat(second).hasSize(32);
        }
    }

    @Test
    void conscryptServerExportsTheSameAsItsClient(@TempDir Path dataDir) throws Exception {
        SslContext conscrypt = TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"),
                TlsProvider.CONSCRYPT);

        try (TlsTestPair tls = TlsTestPair.handshake(conscryptClient(), conscrypt)) {
            assertThat(tls.succeeded()).isTrue();
            assertThat(Conscrypt.isConscrypt(tls.server.engine())).isTrue();

            assertThat(TlsChannelBinding.of(tls.server).data("tls-exporter")).hasSize(32)
                    .isEqualTo(TlsChannelBinding.of(tls.client).data("tls-exporter"));
        }
    }

    @Test
    void openSslExporterSecretIsTakenOnceAndNotKeptAfterTheBinding() throws Exception {
        try (TlsTestPair tls = TlsTestPair.handshake(conscryptClient(), server)) {
            assertThat(tls.succeeded()).isTrue();
            int pending = OpenSslExporterSecrets.INSTANCE.size();

            ChannelBinding first = TlsChannelBinding.of(tls.server);
            ChannelBinding again = TlsChannelBinding.of(tls.server);

            assertThat(first.types()).containsExactly("tls-exporter", "tls-server-end-point");
            assertThat(again.types()).containsExactly("tls-server-end-point");
            assertThat(OpenSslExporterSecrets.INSTANCE.size()).isEqualTo(pending - 1);
        }
    }

    @Test
    void jdkFallbackOffersOnlyServerEndPoint(@TempDir Path dataDir) throws Exception {
        SslContext jdk = TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"), TlsProvider.JDK);

        try (TlsTestPair tls = TlsTestPair.handshake(conscryptClient(), jdk)) {
            assertThat(tls.succeeded()).isTrue();
            assertThat(tls.server.engine().getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(Conscrypt.isConscrypt(tls.server.engine())).isFalse();

            assertThat(TlsChannelBinding.of(tls.server).types()).containsExactly("tls-server-end-point");
        }
    }

    @Test
    void serverEndPointUsesTheSignatureHashAndSha256ForSha1() throws Exception {
        X509Certificate sha384 = TlsTestCertificates.rsa("SHA384withRSA");
        X509Certificate sha1 = TlsTestCertificates.rsa("SHA1withRSA");

        assertThat(TlsChannelBinding.serverEndPoint(sha384))
                .isEqualTo(MessageDigest.getInstance("SHA-384").digest(sha384.getEncoded()));
        assertThat(TlsChannelBinding.serverEndPoint(sha1))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(sha1.getEncoded()));
        assertThat(TlsChannelBinding.serverEndPoint(TlsTestCertificates.ed25519())).isNull();
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void bindingBeforeTheHandshakeIsNone(TlsProvider provider, @TempDir Path dataDir) {
        SslContext context = TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"), provider);

        assertThat(TlsChannelBinding.of(context.newHandler(ByteBufAllocator.DEFAULT))).isSameAs(ChannelBinding.NONE);
    }

    private static SslContext conscryptClient() throws Exception {
        return TlsContexts.clientBuilder(TlsProvider.CONSCRYPT)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null).build();
    }
}
