package dev.xmppd.c2s.tls;

import static dev.xmppd.c2s.sasl.SaslTestKit.DOMAIN;
import static dev.xmppd.c2s.sasl.SaslTestKit.PASSWORD;
import static dev.xmppd.c2s.sasl.SaslTestKit.SECRET;
import static dev.xmppd.c2s.sasl.SaslTestKit.challenge;
import static dev.xmppd.c2s.sasl.SaslTestKit.failure;
import static dev.xmppd.c2s.sasl.SaslTestKit.success;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.c2s.sasl.ChannelBinding;
import dev.xmppd.c2s.sasl.JcaScramClient;
import dev.xmppd.c2s.sasl.SaslFailure;
import dev.xmppd.c2s.sasl.SaslMechanism;
import dev.xmppd.c2s.sasl.SaslMechanisms;
import dev.xmppd.c2s.sasl.SaslStep;
import dev.xmppd.c2s.sasl.SaslTestKit;
import dev.xmppd.c2s.sasl.SmackScram;
import dev.xmppd.core.config.TlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SCRAM -PLUS with the channel bindings of real TLS connections, against Smack's client. */
class ScramPlusOverTlsTest {

    static SslContext server;

    private final SaslMechanisms mechanisms = new SaslMechanisms(SaslTestKit.accounts(), Runnable::run, true, SECRET);

    @BeforeAll
    static void serverContext(@TempDir Path dataDir) {
        server = TlsContexts.server(TlsConfig.defaults(), dataDir, List.of("example.com"));
    }

    @Test
    void smackScramSha1PlusWithTlsServerEndPoint() throws Exception {
        try (TlsTestPair tls = TlsTestPair.handshake(TlsContextsTest.jdkClient("example.com"), server)) {
            // Smack computes tls-server-end-point itself from its TLS session.
            SmackScram.Client client = SmackScram.sha1Plus("juliet", PASSWORD, tls.client.engine().getSession());
            ChannelBinding binding = TlsChannelBinding.of(tls.server);
            SaslMechanism mechanism = mechanisms.create("SCRAM-SHA-1-PLUS", DOMAIN, true, binding);

            byte[] serverFirst = challenge(mechanism.start(client.first()));
            SaslStep.Success ok = success(mechanism.respond(client.evaluate(serverFirst)));

            client.evaluate(ok.additionalData());
            client.checkSuccess();
        }
    }

    @Test
    void smackScramSha1PlusRelayedFromAnotherConnectionFails() throws Exception {
        // A man in the middle terminates TLS with its own certificate: the client binds to that one.
        SslContext mitm = TlsContexts.server(TlsConfig.defaults(), Files.createTempDirectory("mitm"),
                List.of("example.com"));
        try (TlsTestPair victim = TlsTestPair.handshake(TlsContextsTest.jdkClient("example.com"), mitm);
                TlsTestPair relay = TlsTestPair.handshake(TlsContextsTest.jdkClient("example.com"), server)) {
            SmackScram.Client client = SmackScram.sha1Plus("juliet", PASSWORD, victim.client.engine().getSession());
            SaslMechanism mechanism = mechanisms.create("SCRAM-SHA-1-PLUS", DOMAIN, true,
                    TlsChannelBinding.of(relay.server));

            byte[] serverFirst = challenge(mechanism.start(client.first()));

            failure(mechanism.respond(client.evaluate(serverFirst)), SaslFailure.NOT_AUTHORIZED);
        }
    }

    @Test
    void scramSha256PlusWithTlsExporterFromABouncyCastleClient() throws Exception {
        SslContext clientContext = TlsContexts.clientBuilder()
                .trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null).build();
        try (TlsTestPair tls = TlsTestPair.handshake(clientContext, server)) {
            byte[] exporter = TlsChannelBinding.of(tls.client).data("tls-exporter");
            JcaScramClient client = new JcaScramClient("SHA-256", "p=tls-exporter,,", exporter, "juliet");
            SaslMechanism mechanism = mechanisms.create("SCRAM-SHA-256-PLUS", DOMAIN, true,
                    TlsChannelBinding.of(tls.server));

            byte[] serverFirst = challenge(mechanism.start(client.clientFirst()));

            assertThat(success(mechanism.respond(client.clientFinal(serverFirst, PASSWORD))).username())
                    .isEqualTo("juliet");
        }
    }
}
