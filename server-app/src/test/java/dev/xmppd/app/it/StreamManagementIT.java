package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.EntityFullJid;

/**
 * XEP-0198 with a real Smack client over TCP: a session survives a killed socket and is resumed with the same JID
 * and nothing lost; without resumption, what the client never acknowledged goes to offline storage or another
 * resource, with the server's delay stamp.
 */
class StreamManagementIT {
    @RegisterExtension
    static final TestServer server = new TestServer(c -> BlockingIT.withModules(c, "offline"));

    @Test
    void aKilledConnectionIsResumedWithTheSameJidAndWhatItMissed() throws Exception {
        // Setup test fixture
        server.addUser("juliet", "juliet-pw");
        server.addUser("romeo", "romeo-pw");
        BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        XMPPTCPConnection juliet = managed("juliet", "juliet-pw", true, bodies);
        EntityFullJid jid = juliet.getUser();
        XMPPTCPConnection romeo = server.login("romeo", "romeo-pw");
        send(romeo, jid, "before");
        assertThat(bodies.poll(10, TimeUnit.SECONDS)).isEqualTo("before");

        // Execute system under test: the socket dies without a stream close; a message arrives meanwhile
        juliet.instantShutdown();
        send(romeo, jid, "while away");
        juliet.connect().login();

        // Verify results ("before" may come again: the server had not asked for an ack yet)
        assertThat(juliet.streamWasResumed()).isTrue();
        assertThat(juliet.getUser().toString()).isEqualTo(jid.toString());
        assertThat(until(bodies, "while away")).doesNotContain("after");
        send(romeo, jid, "after");
        assertThat(until(bodies, "after")).doesNotContain("while away");
        assertThat(server.server().router().sessions().get(FullJid.parse(jid.toString()))).isNotNull();
        juliet.disconnect();
        romeo.disconnect();
    }

    @Test
    void withoutResumptionWhatWasNotAcknowledgedGoesToOfflineStorage() throws Exception {
        // Setup test fixture
        server.addUser("nurse", "nurse-pw");
        server.addUser("tybalt", "tybalt-pw");
        BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        XMPPTCPConnection nurse = managed("nurse", "nurse-pw", false, bodies);
        EntityFullJid jid = nurse.getUser();
        XMPPTCPConnection tybalt = server.login("tybalt", "tybalt-pw");
        send(tybalt, jid, "unacknowledged");
        assertThat(bodies.poll(10, TimeUnit.SECONDS)).isEqualTo("unacknowledged");
        BareJid account = BareJid.of("nurse", TestServer.DOMAIN);

        // Execute system under test: one message sent to her was never acknowledged when the socket dies
        nurse.instantShutdown();

        // Verify results: the session ends at once and the message waits offline for the next login
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.server().router().sessions().get(FullJid.parse(jid.toString())) == null);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.server().storage().archive("offline")
                .count(account).toCompletableFuture().get() == 1);
        BlockingQueue<String> again = new LinkedBlockingQueue<>();
        XMPPTCPConnection next = new XMPPTCPConnection(server.config("nurse", "nurse-pw").build());
        next.addSyncStanzaListener(s -> again.add(((Message) s).getBody()), MessageWithBodiesFilter.INSTANCE);
        next.connect().login();
        assertThat(again.poll(10, TimeUnit.SECONDS)).isEqualTo("unacknowledged");
        next.disconnect();
        tybalt.disconnect();
    }

    @Test
    void aMessageNeverAcknowledgedGoesToAnotherResourceWithTheServersDelayStamp() throws Exception {
        // Setup test fixture: Benvolio is logged in twice; only the phone acknowledges with stream management
        server.addUser("benvolio", "benvolio-pw");
        server.addUser("mercutio", "mercutio-pw");
        BlockingQueue<String> phoneBodies = new LinkedBlockingQueue<>();
        XMPPTCPConnection phone = managed("benvolio", "benvolio-pw", false, phoneBodies);
        EntityFullJid phoneJid = phone.getUser();
        BlockingQueue<Message> desk = new LinkedBlockingQueue<>();
        XMPPTCPConnection deskConnection = new XMPPTCPConnection(server.config("benvolio", "benvolio-pw")
                .setResource("desk").build());
        deskConnection.setUseStreamManagement(false);
        deskConnection.addSyncStanzaListener(s -> desk.add((Message) s), MessageWithBodiesFilter.INSTANCE);
        deskConnection.connect().login();
        XMPPTCPConnection mercutio = server.login("mercutio", "mercutio-pw");
        // The phone acknowledges all it got so far (Smack's discovery of the server's services at login alone can
        // reach the 5 unacknowledged stanzas after which the server asks), so the message stays unacknowledged; the
        // ping's answer comes after the server read the <a/> (one connection, in order).
        phone.sendSmAcknowledgement();
        assertThat(PingManager.getInstanceFor(phone).pingMyServer()).isTrue();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(mercutio, phoneJid, "a plague on both your houses");
        assertThat(phoneBodies.poll(10, TimeUnit.SECONDS)).isEqualTo("a plague on both your houses");
        Instant after = Instant.now();

        // Execute system under test: the phone's socket dies before it acknowledged the message
        phone.instantShutdown();

        // Verify results (XEP-0198 §5): routed again, stamped by the server with when it was first sent
        Message again = desk.poll(10, TimeUnit.SECONDS);
        assertThat(again).isNotNull();
        assertThat(again.getBody()).isEqualTo("a plague on both your houses");
        DelayInformation delay = DelayInformation.from(again);
        assertThat(delay).isNotNull();
        assertThat(delay.getFrom()).isEqualTo(TestServer.DOMAIN);
        assertThat(delay.getStamp().toInstant()).isBetween(before, after);
        deskConnection.disconnect();
        mercutio.disconnect();
    }

    private static XMPPTCPConnection managed(String user, String password, boolean resumption,
            BlockingQueue<String> bodies) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(server.config(user, password).build());
        c.setUseStreamManagement(true);
        c.setUseStreamManagementResumption(resumption);
        c.addSyncStanzaListener(s -> bodies.add(((Message) s).getBody()), MessageWithBodiesFilter.INSTANCE);
        c.connect().login();
        assertThat(c.isSmEnabled()).isTrue();
        assertThat(c.isSmResumptionPossible()).isEqualTo(resumption);
        return c;
    }

    private static void send(XMPPTCPConnection from, EntityFullJid to, String body) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat)
                .setBody(body).build());
    }

    /** The bodies received until {@code body} (included); fails after 10 s without it. */
    private static List<String> until(BlockingQueue<String> bodies, String body) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        while (!seen.contains(body)) {
            String next = bodies.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("waiting for %s after %s", body, seen).isNotNull();
            seen.add(next);
        }
        return seen;
    }
}
