package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException.StreamErrorException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resource binding (RFC 6120 §7) and sessions that survive a restart of the server on H2. */
class SessionIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void users() throws Exception {
        server.addUser("carol", "carol-pw");
    }

    @Test
    void serverChoosesAResourceWhenTheClientDoesNot() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(server.config("carol", "carol-pw").build());
        c.connect().login();
        try {
            assertThat(c.getUser().getResourcepart().toString()).isNotBlank();
            assertThat(server.server().router().sessions().get(
                    dev.xmppd.core.jid.BareJid.of("carol", "localhost")
                            .withResource(c.getUser().getResourcepart().toString()))).isNotNull();
        } finally {
            c.disconnect();
        }
    }

    @Test
    void aConflictingResourceReplacesTheOldSession() throws Exception {
        // Setup test fixture
        XMPPTCPConnection first = new XMPPTCPConnection(
                server.config("carol", "carol-pw").setResource("phone").build());
        first.connect().login();
        CompletableFuture<Exception> closed = new CompletableFuture<>();
        first.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closed.complete(e);
            }
        });

        // Execute system under test
        XMPPTCPConnection second = new XMPPTCPConnection(
                server.config("carol", "carol-pw").setResource("phone").build());
        second.connect().login();

        // Verify results
        try {
            Exception e = closed.get(10, TimeUnit.SECONDS);
            assertThat(e).isInstanceOfSatisfying(StreamErrorException.class, se ->
                    assertThat(se.getStreamError().getCondition()).isEqualTo(StreamError.Condition.conflict));
            assertThat(second.isAuthenticated()).isTrue();
            assertThat(second.getUser().getResourcepart().toString()).isEqualTo("phone");
        } finally {
            second.disconnect();
        }
    }

    @Test
    void shutdownClosesStreamsAndAccountsSurviveARestart() throws Exception {
        // Setup test fixture
        server.addUser("dave", "dave-pw");
        XMPPTCPConnection before = server.login("dave", "dave-pw");
        CompletableFuture<Exception> closed = new CompletableFuture<>();
        before.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closed.complete(e);
            }
        });

        // Execute system under test
        server.stop();
        server.start();

        // Verify results: system-shutdown (DESIGN.md §8), then the account is still there (H2 file)
        assertThat(closed.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(StreamErrorException.class, se ->
                assertThat(se.getStreamError().getCondition()).isEqualTo(StreamError.Condition.system_shutdown));
        XMPPTCPConnection after = server.login("dave", "dave-pw");
        assertThat(after.isAuthenticated()).isTrue();
        after.disconnect();
    }
}
