package dev.xmppd.c2s.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.c2s.sasl.ChannelBinding;
import dev.xmppd.core.config.TlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlsChannelBindingTest {

    static SslContext server;

    @BeforeAll
    static void serverContext(@TempDir Path dataDir) {
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
            assertThat(ours.types()).containsExactly("tls-server-end-point");
            X509Certificate cert = (X509Certificate) tls.server.engine().getSession().getLocalCertificates()[0];
            // RFC 5929 §4.1: ECDSA with SHA-256 -> SHA-256 of the DER certificate.
            assertThat(ours.data("tls-server-end-point"))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()))
                    .isEqualTo(theirs.data("tls-server-end-point"));
            assertThat(ours.data("tls-unique")).isNull();
            assertThat(ours.data("tls-exporter")).isNull();
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

    @Test
    void bindingBeforeTheHandshakeIsNone() {
        assertThat(TlsChannelBinding.of(server.newHandler(ByteBufAllocator.DEFAULT))).isSameAs(ChannelBinding.NONE);
    }
}
