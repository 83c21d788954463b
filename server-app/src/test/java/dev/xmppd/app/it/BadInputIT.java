package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile and broken input over a real socket gets the stream error RFC 6120 §4.9.3 names, the connection is
 * closed, and a client already logged in on the same server notices nothing.
 */
class BadInputIT {
    private static final String STREAMS = "xmlns='urn:ietf:params:xml:ns:xmpp-streams'";

    @RegisterExtension
    static final TestServer server = new TestServer();

    static XMPPTCPConnection bystander;

    @BeforeAll
    static void login() throws Exception {
        server.addUser("bystander", "pw-bystander");
        bystander = server.login("bystander", "pw-bystander");
    }

    @AfterEach
    void bystanderIsUnaffected() throws Exception {
        assertThat(bystander.isAuthenticated()).isTrue();
        assertThat(PingManager.getInstanceFor(bystander).pingMyServer(true, 10_000)).isTrue();
    }

    @AfterAll
    static void logout() {
        bystander.disconnect();
    }

    @Test
    void billionLaughsIsRestrictedXml() throws Exception {
        StringBuilder dtd = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" '").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("'>");
        }
        dtd.append("]><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
                + "to='localhost' version='1.0'><message><body>&lol9;</body></message>");

        String answer = RawClient.exchange(server.port(), dtd.toString());

        assertThat(answer).contains("<restricted-xml " + STREAMS).endsWith("</stream:stream>");
    }

    @Test
    void externalEntityDtdIsRestrictedXml() throws Exception {
        String answer = RawClient.exchange(server.port(), "<?xml version='1.0'?>"
                + "<!DOCTYPE stream:stream SYSTEM 'file:///etc/passwd'>" + RawClient.HEADER.substring(21));

        assertThat(answer).contains("<restricted-xml " + STREAMS).doesNotContain("root:");
    }

    @Test
    void tenMegabyteStanzaIsPolicyViolation() throws Exception {
        byte[] body = new byte[10 * 1024 * 1024];
        Arrays.fill(body, (byte) 'A');

        String answer = RawClient.exchange(server.port(), RawClient.HEADER.getBytes(StandardCharsets.UTF_8),
                "<message to='bystander@localhost'><body>".getBytes(StandardCharsets.UTF_8), body);

        assertThat(answer).contains("<policy-violation " + STREAMS);
    }

    @Test
    void randomBytesAreNotWellFormed() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(6120).nextBytes(garbage);
        garbage[0] = 'x'; // not a '<': no XML at all

        String answer = RawClient.exchange(server.port(), garbage);

        assertThat(answer).contains("<not-well-formed " + STREAMS);
    }

    @Test
    void brokenXmlAfterTheHeaderIsNotWellFormed() throws Exception {
        String answer = RawClient.exchange(server.port(), RawClient.HEADER, "<message><body></message>");

        assertThat(answer).contains("<stream:features").contains("<not-well-formed " + STREAMS);
    }

    @Test
    void stanzaBeforeAuthenticationIsNotAuthorized() throws Exception {
        String answer = RawClient.exchange(server.port(), RawClient.HEADER,
                "<message to='bystander@localhost'><body>let me in</body></message>");

        assertThat(answer).contains("<not-authorized " + STREAMS);
    }

    @Test
    void unknownStreamNamespaceIsInvalidNamespace() throws Exception {
        String answer = RawClient.exchange(server.port(), "<stream:stream xmlns='jabber:unknown' "
                + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>");

        assertThat(answer).contains("<invalid-namespace " + STREAMS);
    }

    @Test
    void wrongStreamElementNamespaceIsInvalidNamespace() throws Exception {
        String answer = RawClient.exchange(server.port(), "<stream:stream xmlns='jabber:client' "
                + "xmlns:stream='http://example.com/streams' to='localhost' version='1.0'>");

        assertThat(answer).contains("<invalid-namespace " + STREAMS);
    }

    @Test
    void unknownHostIsHostUnknown() throws Exception {
        String answer = RawClient.exchange(server.port(), RawClient.HEADER.replace("to='localhost'", "to='example.org'"));

        assertThat(answer).contains("<host-unknown " + STREAMS);
    }

    @Test
    void unsupportedVersionIsUnsupportedVersion() throws Exception {
        String answer = RawClient.exchange(server.port(), RawClient.HEADER.replace("version='1.0'>", "version='2.0'>"));

        assertThat(answer).contains("<unsupported-version " + STREAMS);
    }

    @Test
    void plaintextAfterStartTlsIsRejected() throws Exception {
        // STARTTLS command injection: bytes pipelined after <starttls/> must not be processed as if encrypted
        String answer = RawClient.exchange(server.port(), RawClient.HEADER,
                "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><message to='bystander@localhost'/>");

        assertThat(answer).contains("<proceed").doesNotContain("<message");
    }
}
