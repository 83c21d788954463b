package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server on PostgreSQL (the production backend): accounts created, logged in with, kept across a restart.
 * Runs when {@code XMPPD_TEST_POSTGRES_URL} is set (bin/test sets it); on CI its absence is a failure.
 */
class PostgresIT {
    private static final String URL = System.getenv("XMPPD_TEST_POSTGRES_URL");

    @RegisterExtension
    static final TestServer server = new TestServer(PostgresIT::onPostgres);

    private static XmppdConfig onPostgres(XmppdConfig c) {
        if (URL == null) {
            return c;
        }
        StorageConfig pg = new StorageConfig("postgresql", null, URL, System.getenv("XMPPD_TEST_POSTGRES_USER"),
                System.getenv("XMPPD_TEST_POSTGRES_PASSWORD"), 2);
        return new XmppdConfig(c.hosts(), c.data(), c.listeners(), c.tls(), pg, c.auth(), c.registration(),
                c.admins(), c.modules(), c.limits(), c.s2s());
    }

    @BeforeAll
    static void requirePostgres() throws Exception {
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(URL != null, "XMPPD_TEST_POSTGRES_URL is not set");
        }
        assertThat(URL).as("XMPPD_TEST_POSTGRES_URL (CI runs the PostgreSQL tests)").isNotNull();
        String run = Long.toString(System.nanoTime(), 36);
        server.addUser("pg-alice-" + run, "pw-a");
        server.addUser("pg-bob-" + run, "pw-b");
        System.setProperty("xmppd.it.pg.run", run);
    }

    @AfterAll
    static void removeAccounts() throws Exception {
        String run = System.getProperty("xmppd.it.pg.run");
        if (run != null && server.server() != null) {
            for (String user : new String[] {"pg-alice-" + run, "pg-bob-" + run}) {
                server.server().storage().accounts().delete(BareJid.of(user, TestServer.DOMAIN))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void chatAndRestartOnPostgres() throws Exception {
        String run = System.getProperty("xmppd.it.pg.run");
        XMPPTCPConnection alice = server.login("pg-alice-" + run, "pw-a");
        XMPPTCPConnection bob = server.login("pg-bob-" + run, "pw-b");
        java.util.concurrent.BlockingQueue<Message> inbox = new java.util.concurrent.LinkedBlockingQueue<>();
        bob.addAsyncStanzaListener(s -> inbox.add((Message) s), StanzaTypeFilter.MESSAGE);

        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(bob.getUser().asBareJid())
                .ofType(Message.Type.chat).setBody("on postgres").build());

        assertThat(inbox.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("on postgres");
        alice.disconnect();
        bob.disconnect();

        server.stop();
        server.start();
        XMPPTCPConnection again = server.login("pg-alice-" + run, "pw-a");
        assertThat(again.isAuthenticated()).isTrue();
        again.disconnect();
    }
}
