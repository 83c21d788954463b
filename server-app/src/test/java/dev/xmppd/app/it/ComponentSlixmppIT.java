package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.ComponentConfig;
import dev.xmppd.core.config.ComponentsConfig;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0114 against a third-party implementation: an echo component written with slixmpp (Debian's
 * {@code python3-slixmpp}, the library slidge gateways are built on; {@code src/test/resources/component}) connects
 * to the in-process server, and a Smack user talks to it. Skipped when slixmpp is not installed, unless
 * {@code XMPPD_TEST_PEERS=required} (CI), where {@code .ci/peers.sh} installs it.
 */
class ComponentSlixmppIT {
    static final String DOMAIN = "echo.localhost";
    static final String SECRET = "slixmpp-secret";
    static final String PYTHON = Slixmpp.PYTHON;

    @RegisterExtension
    static final TestServer server = new TestServer(c -> c.withComponents(
            ComponentsConfig.of(Map.of(DOMAIN, new ComponentConfig(SECRET, "Echo")), 0)));

    static Process component;
    static Path output;
    static XMPPTCPConnection alice;

    @BeforeAll
    static void start() throws Exception {
        Slixmpp.assumeInstalled();
        output = Files.createTempFile("slixmpp-component", ".log");
        component = new ProcessBuilder(PYTHON, script(), DOMAIN, SECRET, "127.0.0.1",
                String.valueOf(server.server().port("component")))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        Awaitility.await("the slixmpp component to connect").atMost(Duration.ofSeconds(30))
                .until(() -> server.server().components().connected().contains(DOMAIN) || !component.isAlive());
        assertThat(server.server().components().connected()).as("slixmpp output: %s", log()).contains(DOMAIN);
        server.addUser("alice", "alice-pw");
        alice = server.login("alice", "alice-pw");
    }

    private static String script() throws URISyntaxException {
        return Path.of(ComponentSlixmppIT.class.getResource("/component/echo_component.py").toURI()).toString();
    }

    private static String log() {
        return Slixmpp.read(output);
    }

    @AfterAll
    static void stop() throws Exception {
        if (alice != null) {
            alice.disconnect();
        }
        if (component != null) {
            component.destroy();
            component.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(output);
        }
    }

    @Test
    void theComponentEchoesAMessage() throws Exception {
        Jid echo = JidCreate.from("anyone@" + DOMAIN);
        try (StanzaCollector replies = alice.createStanzaCollector(
                new AndFilter(StanzaTypeFilter.MESSAGE, FromMatchesFilter.createBare(echo)))) {
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(echo).ofType(Message.Type.chat)
                    .setBody("hello slixmpp").build());

            Message reply = replies.nextResult(20_000);
            assertThat(reply).as("an echo within 20 s; slixmpp output: %s", log()).isNotNull();
            assertThat(reply.getBody()).isEqualTo("echo: hello slixmpp");
        }
    }

    @Test
    void discoInfoIsAnsweredByTheComponent() throws Exception {
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(JidCreate.from(DOMAIN));

        assertThat(info.hasIdentity("gateway", "irc")).isTrue();
    }
}
