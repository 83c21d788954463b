package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.sasl.core.ScramSha1PlusMechanism;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A real Smack client logs in with each SASL mechanism, over STARTTLS (5222) and direct TLS (5223, XEP-0368). */
class LoginIT {
    private static final String PASSWORD = "Pässwörd-🔑-123";

    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void setUp() throws Exception {
        // Smack's own SCRAM-SHA-1-PLUS takes the certificate's key algorithm ("EC", "RSA") for a digest name and
        // cannot compute tls-server-end-point (which is why Smack blacklists it); ours replaces it.
        SASLAuthentication.unregisterSASLMechanism(ScramSha1PlusMechanism.class.getName());
        SASLAuthentication.unBlacklistSASLMechanism("SCRAM-SHA-1-PLUS");
        SASLAuthentication.registerSASLMechanism(new TestScramMechanism("SHA-1", true));
        for (String hash : new String[] {"SHA-256", "SHA-512"}) {
            SASLAuthentication.registerSASLMechanism(new TestScramMechanism(hash, false));
            SASLAuthentication.registerSASLMechanism(new TestScramMechanism(hash, true));
        }
        server.addUser("alice", PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS", "SCRAM-SHA-512",
        "SCRAM-SHA-512-PLUS", "PLAIN"})
    void logsInOverStartTls(String mechanism) throws Exception {
        // Execute system under test
        XMPPTCPConnection c = new XMPPTCPConnection(
                server.config("alice", PASSWORD).addEnabledSaslMechanism(mechanism).build());
        c.connect().login();

        // Verify results
        try {
            assertThat(c.isSecureConnection()).isTrue();
            assertThat(c.isAuthenticated()).isTrue();
            assertThat(c.getUsedSaslMechansism()).isEqualTo(mechanism);
            assertThat(c.getUser().asEntityBareJidString()).isEqualTo("alice@localhost");
        } finally {
            c.disconnect();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    void logsInOverDirectTls(String mechanism) throws Exception {
        // Setup test fixture: TLS from the first byte; Smack sees a stream without STARTTLS
        XMPPTCPConnection c = new XMPPTCPConnection(server.config("alice", PASSWORD)
                .setPort(server.tlsPort())
                .setSocketFactory(server.sslContext().getSocketFactory())
                .setSecurityMode(SecurityMode.disabled)
                .addEnabledSaslMechanism(mechanism)
                .build());

        // Execute system under test
        c.connect().login();

        // Verify results
        try {
            assertThat(c.isAuthenticated()).isTrue();
            assertThat(c.getUsedSaslMechansism()).isEqualTo(mechanism);
        } finally {
            c.disconnect();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-1", "SCRAM-SHA-256", "PLAIN"})
    void wrongPasswordIsNotAuthorized(String mechanism) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(
                server.config("alice", "wrong").addEnabledSaslMechanism(mechanism).build());
        c.connect();
        try {
            assertThatThrownBy(c::login).isInstanceOfSatisfying(SASLErrorException.class,
                    e -> assertThat(e.getSASLFailure().getSASLErrorString()).isEqualTo("not-authorized"));
        } finally {
            c.disconnect();
        }
    }

    @Test
    void unknownUserIsNotAuthorized() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(
                server.config("nobody", PASSWORD).addEnabledSaslMechanism("SCRAM-SHA-256").build());
        c.connect();
        try {
            assertThatThrownBy(c::login).isInstanceOfSatisfying(SASLErrorException.class,
                    e -> assertThat(e.getSASLFailure().getSASLErrorString()).isEqualTo("not-authorized"));
        } finally {
            c.disconnect();
        }
    }
}
