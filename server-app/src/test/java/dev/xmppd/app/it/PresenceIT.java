package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.SubscribeListener.SubscribeAnswer;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/** Presence (RFC 6121 §3.1.3, §4) with real clients: requests that wait for a login, and lost connections. */
class PresenceIT {
    @RegisterExtension
    static final TestServer server = new TestServer(RosterIT::withRosterAndPresence);

    private static BareJid bare(String local) throws Exception {
        return JidCreate.bareFrom(local + "@" + TestServer.DOMAIN);
    }

    private static void awaitTrue(java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition);
    }

    @Test
    void subscriptionRequestWaitsForTheNextLogin() throws Exception {
        server.addUser("alice", "alice-pw");
        server.addUser("bob", "bob-pw");
        XMPPTCPConnection alice = server.login("alice", "alice-pw");
        Roster aliceRoster = Roster.getInstanceFor(alice);

        // Execute system under test: bob is offline (RFC 6121 §3.1.3)
        aliceRoster.sendSubscriptionRequest(bare("bob"));
        awaitTrue(() -> aliceRoster.getEntry(bare("bob")) != null
                && aliceRoster.getEntry(bare("bob")).isSubscriptionPending());
        XMPPTCPConnection bob = new XMPPTCPConnection(server.config("bob", "bob-pw").build());
        BlockingQueue<Jid> asked = new LinkedBlockingQueue<>();
        Roster.getInstanceFor(bob).addSubscribeListener((from, p) -> {
            asked.add(from);
            return SubscribeAnswer.Approve;
        });
        bob.connect().login();

        // Verify results
        assertThat(String.valueOf(asked.poll(10, TimeUnit.SECONDS))).isEqualTo("alice@localhost");
        awaitTrue(() -> aliceRoster.getEntry(bare("bob")).getType() == ItemType.to);
        awaitTrue(() -> aliceRoster.getPresence(bare("bob")).isAvailable());
        alice.disconnect();
        bob.disconnect();
    }

    @Test
    void contactsSeeUnavailableWhenTheConnectionDrops() throws Exception {
        server.addUser("carol", "carol-pw");
        server.addUser("dave", "dave-pw");
        // Without XEP-0198 resumption (Smack's default asks for it): a resumable session waits for its client.
        XMPPTCPConnection carol = new XMPPTCPConnection(server.config("carol", "carol-pw").build());
        carol.setUseStreamManagementResumption(false);
        carol.connect().login();
        XMPPTCPConnection dave = server.login("dave", "dave-pw");
        Roster carolRoster = Roster.getInstanceFor(carol);
        Roster daveRoster = Roster.getInstanceFor(dave);
        daveRoster.addSubscribeListener((from, p) -> SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
        carolRoster.addSubscribeListener((from, p) -> SubscribeAnswer.Approve);
        carolRoster.createItemAndRequestSubscription(bare("dave"), "Dave", null);
        awaitTrue(() -> daveRoster.getPresence(bare("carol")).isAvailable());

        // Execute system under test: the socket closes without unavailable presence or stream close (§4.5.2)
        carol.instantShutdown();

        // Verify results
        awaitTrue(() -> !daveRoster.getPresence(bare("carol")).isAvailable());
        RosterEntry entry = daveRoster.getEntry(bare("carol"));
        assertThat(entry.getType()).isEqualTo(ItemType.both);
        dave.disconnect();
    }
}
