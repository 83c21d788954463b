package dev.xmppd.c2s.tls;

import static dev.xmppd.c2s.sasl.SaslTestKit.DOMAIN;
import static dev.xmppd.c2s.sasl.SaslTestKit.PASSWORD;
import static dev.xmppd.c2s.sasl.SaslTestKit.SECRET;
import static dev.xmppd.c2s.sasl.SaslTestKit.challenge;
import static dev.xmppd.c2s.sasl.SaslTestKit.failure;
import static dev.xmppd.c2s.sasl.SaslTestKit.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xmppd.c2s.sasl.JcaScramClient;
import dev.xmppd.c2s.sasl.SaslFailure;
import dev.xmppd.c2s.sasl.SaslMechanism;
import dev.xmppd.c2s.sasl.SaslMechanisms;
import dev.xmppd.c2s.sasl.SaslStep;
import dev.xmppd.c2s.sasl.SaslTestKit;
import dev.xmppd.core.config.TlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SCRAM -PLUS with the channel binding of real TLS connections. The client computes {@code tls-server-end-point}
 * itself (RFC 5929 §4.1: SHA-256 of the ECDSA-SHA256 certificate it received) and {@code tls-exporter} with its own
 * Conscrypt engine (RFC 9266 §2).
 *
 * <p>Not driven with Smack's {@code ScramSha1PlusMechanism}: Smack 4.5.0-beta5 hashes the certificate with the name
 * of its public key algorithm ({@code MessageDigest.getInstance("EC")} or {@code "RSA"}), which fails for every
 * certificate; Smack blacklists that mechanism by default, so its clients send {@code n} and use SCRAM-SHA-1.
 */
class ScramPlusOverTlsTest {

    static SslContext server;
    static SslContext mitm;

    private final SaslMechanisms mechanisms = new SaslMechanisms(SaslTestKit.accounts(), Runnable::run, false, SECRET);

    @BeforeAll
    static void serverContexts(@TempDir Path ours, @TempDir Path theirs) {
        server = TlsContexts.server(TlsConfig.defaults(), ours, List.of("example.com"));
        mitm = TlsContexts.server(TlsConfig.defaults(), theirs, List.of("example.com"));
    }

    @ParameterizedTest
    @CsvSource({"SCRAM-SHA-1-PLUS, SHA-1", "SCRAM-SHA-256-PLUS, SHA-256", "SCRAM-SHA-512-PLUS, SHA-512"})
    void plusWithTlsServerEndPointSucceeds(String mechanism, String hash) throws Exception {
        try (TlsTestPair tls = TlsTestPair.handshake(TlsContextsTest.jdkClient("example.com"), server)) {
            JcaScramClient client = new JcaScramClient(hash, "p=tls-server-end-point,,", endPointSeenBy(tls),
                    "juliet");
            SaslMechanism scram = mechanisms.create(mechanism, DOMAIN, true, TlsChannelBinding.of(tls.server));

            byte[] serverFirst = challenge(scram.start(client.clientFirst()));

            assertThat(success(scram.respond(client.clientFinal(serverFirst, PASSWORD))).username())
                    .isEqualTo("juliet");
        }
    }

    @Test
    void plusRelayedByAManInTheMiddleFails() throws Exception {
        // The attacker terminates the client's TLS with its own certificate and relays SASL to us over its own TLS.
        try (TlsTestPair victim = TlsTestPair.handshake(TlsContextsTest.jdkClient("example.com"), mitm);
                TlsTestPair relay = TlsTestPair.handshake(TlsContextsTest.jdkClient("example.com"), server)) {
            JcaScramClient client = new JcaScramClient("SHA-256", "p=tls-server-end-point,,", endPointSeenBy(victim),
                    "juliet");
            SaslMechanism scram = mechanisms.create("SCRAM-SHA-256-PLUS", DOMAIN, true,
                    TlsChannelBinding.of(relay.server));

            byte[] serverFirst = challenge(scram.start(client.clientFirst()));

            failure(scram.respond(client.clientFinal(serverFirst, PASSWORD)), SaslFailure.NOT_AUTHORIZED);
        }
    }

    @Test
    void strippingPlusFromTheFeaturesIsDetected() throws Exception {
        // RFC 5802 §6: the client supports channel binding, did not see -PLUS, and says so with "y".
        try (TlsTestPair tls = TlsTestPair.handshake(TlsContextsTest.jdkClient("example.com"), server)) {
            JcaScramClient client = new JcaScramClient("SHA-256", "y,,", new byte[0], "juliet");
            SaslMechanism scram = mechanisms.create("SCRAM-SHA-256", DOMAIN, true, TlsChannelBinding.of(tls.server));

            failure(scram.start(client.clientFirst()), SaslFailure.NOT_AUTHORIZED);
        }
    }

    @ParameterizedTest
    @CsvSource({"SCRAM-SHA-1-PLUS, SHA-1", "SCRAM-SHA-256-PLUS, SHA-256", "SCRAM-SHA-512-PLUS, SHA-512"})
    void plusWithTlsExporterSucceeds(String mechanism, String hash) throws Exception {
        assumeConscrypt();
        try (TlsTestPair tls = TlsTestPair.handshake(conscryptClient(), server)) {
            JcaScramClient client = new JcaScramClient(hash, "p=tls-exporter,,", exporterSeenBy(tls), "juliet");
            SaslMechanism scram = mechanisms.create(mechanism, DOMAIN, true, TlsChannelBinding.of(tls.server));

            byte[] serverFirst = challenge(scram.start(client.clientFirst()));
            SaslStep.Success success = success(scram.respond(client.clientFinal(serverFirst, PASSWORD)));

            assertThat(success.username()).isEqualTo("juliet");
            assertThat(new String(success.additionalData(), StandardCharsets.UTF_8)).isEqualTo(client.expectedServerFinal());
        }
    }

    @Test
    void plusWithTheExporterOfAnotherConnectionFails() throws Exception {
        // The attacker relays SASL between the victim's TLS connection and its own: the exporters differ.
        assumeConscrypt();
        try (TlsTestPair victim = TlsTestPair.handshake(conscryptClient(), mitm);
                TlsTestPair relay = TlsTestPair.handshake(conscryptClient(), server)) {
            JcaScramClient client = new JcaScramClient("SHA-256", "p=tls-exporter,,", exporterSeenBy(victim),
                    "juliet");
            SaslMechanism scram = mechanisms.create("SCRAM-SHA-256-PLUS", DOMAIN, true,
                    TlsChannelBinding.of(relay.server));

            byte[] serverFirst = challenge(scram.start(client.clientFirst()));

            failure(scram.respond(client.clientFinal(serverFirst, PASSWORD)), SaslFailure.NOT_AUTHORIZED);
        }
    }

    @Test
    void tlsExporterIsRefusedOnTheJdkFallback(@TempDir Path dataDir) throws Exception {
        SslContext jdk = TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"), TlsProvider.JDK);
        try (TlsTestPair tls = TlsTestPair.handshake(TlsContextsTest.jdkClient("example.com"), jdk)) {
            JcaScramClient client = new JcaScramClient("SHA-256", "p=tls-exporter,,", new byte[32], "juliet");
            SaslMechanism scram = mechanisms.create("SCRAM-SHA-256-PLUS", DOMAIN, true,
                    TlsChannelBinding.of(tls.server));

            // RFC 5802 §7: unsupported-channel-binding-type.
            failure(scram.start(client.clientFirst()), SaslFailure.NOT_AUTHORIZED);
        }
    }

    private static void assumeConscrypt() {
        // A server with an exporter (OpenSSL or Conscrypt) and a Conscrypt client.
        assumeTrue(TlsProvider.preferred() != TlsProvider.JDK, TlsProvider::conscryptUnavailableReason);
        assumeTrue(TlsProvider.preferredJsse() == TlsProvider.CONSCRYPT, TlsProvider::conscryptUnavailableReason);
    }

    private static SslContext conscryptClient() throws Exception {
        return TlsContexts.clientBuilder(TlsProvider.CONSCRYPT).protocols("TLSv1.3")
                .trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null).build();
    }

    /** RFC 9266 §2, computed by the client's own engine. */
    private static byte[] exporterSeenBy(TlsTestPair tls) throws Exception {
        assertThat(tls.succeeded()).isTrue();
        return Conscrypt.exportKeyingMaterial(tls.client.engine(), "EXPORTER-Channel-Binding", new byte[0], 32);
    }

    private static byte[] endPointSeenBy(TlsTestPair tls) throws Exception {
        byte[] der = tls.client.engine().getSession().getPeerCertificates()[0].getEncoded();
        return MessageDigest.getInstance("SHA-256").digest(der);
    }
}
