package dev.xmppd.it.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A peer that is not there: xmppd bounces what its clients sent to it (RFC 6120 §8.3.3), within {@code
 * s2s.connect-timeout}, instead of keeping it or dropping it. Two ways to be dead: nothing listens (a stopped
 * server: connection refused, remote-server-not-found at once) and a listener that accepts TCP and never speaks (a
 * hung server: remote-server-timeout when the connect timeout ends).
 */
@ExtendWith(InteropPeersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadPeerIT {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Time for the bounce to reach the client after the timeout, generous for a loaded 2-core machine. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private ServerSocket silent;
    private XmppdNode xmppd;
    private Clients clients;

    @BeforeAll
    void start(InteropPeers peers) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // closed again: connections to it are refused
        }
        // Never accepted: the kernel completes the handshake from the backlog, and no byte is ever sent back.
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        xmppd = XmppdNode.start(peers, List.of(
                "s2s.connect-timeout=" + CONNECT_TIMEOUT.toSeconds() + "s",
                "s2s.routes={stopped.test: \"127.0.0.1:" + closed + "\", hung.test: \"127.0.0.1:"
                        + silent.getLocalPort() + "\"}"));
        clients = new Clients(xmppd.trust());
    }

    @AfterAll
    void stop() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (xmppd != null) {
            xmppd.close();
        }
        if (silent != null) {
            silent.close();
        }
    }

    @Test
    void messageToAStoppedServerBouncesWithRemoteServerNotFound() throws Exception {
        XMPPTCPConnection x = xmppd.login(clients, Clients.user("x"));

        Message bounce = sendAndAwaitBounce(x, "someone@stopped.test");

        assertThat(bounce.getError().getCondition()).isEqualTo(StanzaError.Condition.remote_server_not_found);
    }

    @Test
    void messagesToAHungServerBounceWithRemoteServerTimeoutAfterTheConnectTimeout() throws Exception {
        XMPPTCPConnection x = xmppd.login(clients, Clients.user("x"));

        Message bounce = sendAndAwaitBounce(x, "someone@hung.test");

        assertThat(bounce.getError().getCondition()).as("a server that accepts TCP and never answers")
                .isEqualTo(StanzaError.Condition.remote_server_timeout);
    }

    /** Sends a chat message and waits, at most the connect timeout plus a margin, for the error that bounces it. */
    private static Message sendAndAwaitBounce(XMPPTCPConnection from, String to) throws Exception {
        BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
        Message message = from.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat)
                .setBody("anyone there?").build();
        String id = message.getStanzaId();
        from.addSyncStanzaListener(s -> errors.add((Message) s),
                s -> s instanceof Message m && m.getType() == Message.Type.error && id.equals(m.getStanzaId()));
        from.sendStanza(message);
        Message bounce = errors.poll(CONNECT_TIMEOUT.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(bounce).as("error bounce for the message to %s within %s + %s", to, CONNECT_TIMEOUT, MARGIN)
                .isNotNull();
        return bounce;
    }
}
