package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A second client library besides Smack: slixmpp (Debian's {@code python3-slixmpp}; poezio and many bots use it)
 * logs in over STARTTLS and chats with a Smack user. slixmpp 1.8 tries {@code SCRAM-*-PLUS} with
 * {@code tls-unique}, which TLS 1.3 does not define, then SCRAM without binding (refused: RFC 5802 downgrade
 * protection, we offered -PLUS), then PLAIN: those failures happen before any proof and must not use up the
 * stream's failed-authentication limit. Skipped without slixmpp, unless {@code XMPPD_TEST_PEERS=required} (CI).
 */
class SlixmppClientIT {
    static final String PYTHON = Slixmpp.PYTHON;

    @RegisterExtension
    static final TestServer server = new TestServer();

    static XMPPTCPConnection alice;
    static Path output;

    @BeforeAll
    static void start() throws Exception {
        Slixmpp.assumeInstalled();
        server.addUser("alice", "alice-pw");
        server.addUser("poe", "poe-pw");
        alice = server.login("alice", "alice-pw");
        output = Files.createTempFile("slixmpp-client", ".log");
    }

    @AfterAll
    static void stop() throws Exception {
        if (alice != null) {
            alice.disconnect();
        }
        if (output != null) {
            Files.deleteIfExists(output);
        }
    }

    @Test
    void slixmppLogsInOverStartTlsAndChatsWithASmackUser() throws Exception {
        String script = Path.of(getClass().getResource("/client/slixmpp_client.py").toURI()).toString();
        try (StanzaCollector fromPoe = alice.createStanzaCollector(new AndFilter(StanzaTypeFilter.MESSAGE,
                FromMatchesFilter.createBare(JidCreate.bareFrom("poe@localhost"))))) {
            Process poe = new ProcessBuilder(PYTHON, script, "poe@localhost/slixmpp", "poe-pw", "127.0.0.1",
                    String.valueOf(server.port()), "alice@localhost").redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            try {
                Message hello = fromPoe.nextResult(30_000);
                assertThat(hello).as("slixmpp's message within 30 s; its output: %s", log()).isNotNull();
                assertThat(hello.getBody()).isEqualTo("hello from slixmpp");
                assertThat(hello.getFrom().toString()).isEqualTo("poe@localhost/slixmpp");

                alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(hello.getFrom())
                        .ofType(Message.Type.chat).setBody("hello from Smack").build());
                Awaitility.await("slixmpp to print the reply").atMost(Duration.ofSeconds(30))
                        .until(() -> log().contains("GOT: hello from Smack") || !poe.isAlive());
                assertThat(log()).contains("BOUND: poe@localhost/slixmpp").contains("GOT: hello from Smack");
                assertThat(poe.waitFor(30, TimeUnit.SECONDS)).as("slixmpp exits after the reply").isTrue();
            } finally {
                poe.destroy();
            }
        }
    }

    private static String log() {
        return Slixmpp.read(output);
    }
}
