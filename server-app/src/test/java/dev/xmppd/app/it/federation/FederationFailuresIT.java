package dev.xmppd.app.it.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.app.it.federation.FederatedServers.Certificates;
import dev.xmppd.core.config.S2sConfig;
import dev.xmppd.core.config.XmppdConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/**
 * What a sender sees when a link cannot be made (RFC 6120 §8.3.3.15-16): {@code a.test} requires valid certificates
 * ({@code s2s.auth: certificates}) and {@code b.test} has a self-signed one; {@code dead.test} routes to a closed
 * port and {@code silent.test} to a socket that accepts connections but never answers.
 */
class FederationFailuresIT {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final ServerSocket SILENT = silentSocket();
    private static final int DEAD_PORT = closedPort();

    @RegisterExtension
    static final FederatedServers servers = new FederatedServers(Certificates.SELF_SIGNED,
            FederationFailuresIT::strict, c -> c);

    /** a.test: certificates only, and routes to the dead and the silent domain. */
    private static XmppdConfig strict(XmppdConfig c) {
        Map<String, String> routes = new HashMap<>(c.s2s().routes());
        routes.put("dead.test", "127.0.0.1:" + DEAD_PORT);
        routes.put("silent.test", "127.0.0.1:" + SILENT.getLocalPort());
        S2sConfig s2s = c.s2s().withRoutes(routes).withAuth(S2sConfig.AUTH_CERTIFICATES)
                .withConnectTimeout(CONNECT_TIMEOUT);
        return new XmppdConfig(c.hosts(), c.data(), c.listeners(), c.tls(), c.storage(), c.auth(), c.registration(),
                c.admins(), c.modules(), c.limits(), s2s);
    }

    @AfterAll
    static void closeSilent() throws IOException {
        SILENT.close();
    }

    private static StanzaError.Condition bounceOf(XMPPTCPConnection from, String to) throws Exception {
        BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
        from.addSyncStanzaListener(s -> errors.add((Message) s), StanzaTypeFilter.MESSAGE);
        from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to))
                .ofType(Message.Type.chat).setBody("anyone there?").build());
        Message bounce = errors.poll(20, TimeUnit.SECONDS);
        assertThat(bounce).as("bounce of a message to %s", to).isNotNull();
        assertThat(bounce.getType()).isEqualTo(Message.Type.error);
        return bounce.getError().getCondition();
    }

    @Test
    void certificatesPolicyRefusesAPeerWithASelfSignedCertificateBothWays() throws Exception {
        XMPPTCPConnection alice = servers.a().newUser("alice");
        XMPPTCPConnection bob = servers.b().newUser("bob");

        // a.test refuses b.test's certificate at TLS; b.test finds neither SASL EXTERNAL nor dialback at a.test
        assertThat(bounceOf(alice, "bob@b.test")).isEqualTo(StanzaError.Condition.remote_server_not_found);
        assertThat(bounceOf(bob, "alice@a.test")).isEqualTo(StanzaError.Condition.remote_server_not_found);
        assertThat(servers.b().server().federation().status().inbound()).isEmpty();
        alice.disconnect();
        bob.disconnect();
    }

    @Test
    void closedPortBouncesRemoteServerNotFound() throws Exception {
        XMPPTCPConnection carol = servers.a().newUser("carol");

        assertThat(bounceOf(carol, "nobody@dead.test")).isEqualTo(StanzaError.Condition.remote_server_not_found);
        carol.disconnect();
    }

    @Test
    void silentPeerBouncesRemoteServerTimeoutAfterTheConnectTimeout() throws Exception {
        XMPPTCPConnection dave = servers.a().newUser("dave");
        long t0 = System.nanoTime();

        StanzaError.Condition condition = bounceOf(dave, "nobody@silent.test");

        assertThat(condition).isEqualTo(StanzaError.Condition.remote_server_timeout);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(CONNECT_TIMEOUT);
        dave.disconnect();
    }

    private static ServerSocket silentSocket() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
