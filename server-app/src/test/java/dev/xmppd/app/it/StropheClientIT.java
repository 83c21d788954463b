package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.config.XmppdConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A web client library: Strophe.js 3 (under Converse.js) in Node.js logs in over BOSH ({@code https://…/http-bind})
 * and over WebSocket ({@code wss://…/xmpp-websocket}) on the https listener, trusting the server's certificate
 * (no verification switched off), and chats with a Smack user on TCP. Skipped without node and Strophe.js, unless
 * {@code XMPPD_TEST_PEERS=required} (CI, where {@code .ci/peers.sh} installs them).
 */
class StropheClientIT {
    private static final int HTTPS_PORT = freePort();

    @RegisterExtension
    static final TestServer server = new TestServer(StropheClientIT::withHttps);

    static XMPPTCPConnection alice;

    @TempDir
    Path dir;

    static XmppdConfig withHttps(XmppdConfig c) {
        ListenerConfig https = new ListenerConfig(true, "127.0.0.1", HTTPS_PORT, StartTlsPolicy.REQUIRED);
        return c.withListeners(c.listeners().withHttp(c.listeners().http(), https));
    }

    @BeforeAll
    static void start() throws Exception {
        StropheJs.assumeInstalled();
        server.addUser("alice", "alice-pw");
        server.addUser("webby", "webby-pw");
        alice = server.login("alice", "alice-pw");
    }

    @AfterAll
    static void stop() {
        if (alice != null) {
            alice.disconnect();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://localhost:%d/http-bind", "wss://localhost:%d/xmpp-websocket"})
    void stropheLogsInAndChatsWithASmackUser(String url) throws Exception {
        Path output = dir.resolve("strophe.log");
        String resource = url.startsWith("https") ? "bosh" : "ws";
        try (StanzaCollector fromWebby = alice.createStanzaCollector(new AndFilter(StanzaTypeFilter.MESSAGE,
                FromMatchesFilter.createBare(JidCreate.bareFrom("webby@localhost"))))) {
            Process webby = StropheJs.client(server.certificate(), String.format(url, HTTPS_PORT),
                    "webby@localhost/" + resource, "webby-pw", "alice@localhost")
                    .redirectOutput(output.toFile()).start();
            try {
                // Execute system under test
                Message hello = fromWebby.nextResult(30_000);
                assertThat(hello).as("Strophe's message within 30 s; its output: %s", read(output)).isNotNull();
                alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(hello.getFrom())
                        .ofType(Message.Type.chat).setBody("hello from Smack").build());
                Awaitility.await("Strophe to end").atMost(Duration.ofSeconds(30)).until(() -> !webby.isAlive());

                // Verify results
                assertThat(hello.getBody()).isEqualTo("hello from strophe");
                assertThat(hello.getFrom().toString()).isEqualTo("webby@localhost/" + resource);
                assertThat(read(output)).contains("BOUND: webby@localhost/" + resource)
                        .contains("GOT: hello from Smack").contains("CLOSED");
                assertThat(webby.waitFor(5, TimeUnit.SECONDS) && webby.exitValue() == 0)
                        .as("Strophe exits 0; its output: %s", read(output)).isTrue();
            } finally {
                webby.destroy();
            }
        }
    }

    private static String read(Path output) {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
