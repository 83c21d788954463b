package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.SubscribeListener.SubscribeAnswer;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.csi.ClientStateIndicationManager;
import org.jivesoftware.smackx.csi.packet.ClientStateIndication;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0352 with real Smack clients over TCP: while Juliet's client is inactive, Romeo's presence updates wait (only
 * the newest is kept) until she is active again, and his chat message reaches her at once, behind what was held.
 */
class ClientStateIT {
    @RegisterExtension
    static final TestServer server = new TestServer(RosterIT::withRosterAndPresence);

    @Test
    void presenceWaitsWhileInactiveAndAChatMessageArrivesAtOnce() throws Exception {
        // Setup test fixture: Juliet and Romeo see each other's presence
        server.addUser("juliet", "juliet-pw");
        server.addUser("romeo", "romeo-pw");
        XMPPTCPConnection juliet = server.login("juliet", "juliet-pw");
        XMPPTCPConnection romeo = server.login("romeo", "romeo-pw");
        BareJid romeoJid = JidCreate.bareFrom("romeo@" + TestServer.DOMAIN);
        Roster.getInstanceFor(romeo).addSubscribeListener((from, p) -> SubscribeAnswer.Approve);
        Roster.getInstanceFor(juliet)
                .addSubscribeListener((from, p) -> SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
        Roster.getInstanceFor(juliet).createItemAndRequestSubscription(romeoJid, "Romeo", null);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Roster.getInstanceFor(juliet).getPresence(romeoJid).isAvailable());
        // Only the updates of this test (they carry a status): the subscription may repeat his initial presence
        List<String> updates = new CopyOnWriteArrayList<>();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        juliet.addSyncStanzaListener(p -> {
            String status = ((Presence) p).getStatus();
            if (status != null) {
                updates.add(status);
                events.add("presence " + status);
            }
        }, new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.create(romeoJid)));
        juliet.addSyncStanzaListener(m -> events.add("message " + ((Message) m).getBody()),
                MessageWithBodiesFilter.INSTANCE);
        assertThat(ClientStateIndicationManager.isSupported(juliet)).isTrue();

        // Execute system under test: two presence updates while she is inactive, then she is active again
        juliet.sendNonza(ClientStateIndication.Inactive.INSTANCE);
        assertThat(PingManager.getInstanceFor(juliet).pingMyServer(false)).isTrue(); // the server read <inactive/>
        sendPresence(romeo, Presence.Mode.away, "at the orchard wall");
        sendPresence(romeo, Presence.Mode.dnd, "climbing");
        broadcastDone(romeo);
        juliet.sendNonza(ClientStateIndication.Active.INSTANCE);

        // Verify results: only the newest update, once she was active
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("presence climbing");
        assertThat(updates).containsExactly("climbing");

        // Execute system under test: inactive again, a presence update then a chat message
        juliet.sendNonza(ClientStateIndication.Inactive.INSTANCE);
        assertThat(PingManager.getInstanceFor(juliet).pingMyServer(false)).isTrue();
        sendPresence(romeo, Presence.Mode.xa, "under the balcony");
        broadcastDone(romeo);
        romeo.sendStanza(romeo.getStanzaFactory().buildMessageStanza().to(juliet.getUser())
                .ofType(Message.Type.chat).setBody("wake up").build());

        // Verify results: the message is urgent and comes at once, behind the update that was held
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("presence under the balcony");
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("message wake up");
        juliet.disconnect();
        romeo.disconnect();
    }

    /**
     * A presence broadcast reads the sender's roster on its roster lane, and a roster get waits for that lane: once
     * the get is answered, the broadcast has reached the contacts' streams (a ping is answered before it has).
     */
    private static void broadcastDone(XMPPTCPConnection from) throws Exception {
        Roster.getInstanceFor(from).reloadAndWait();
    }

    private static void sendPresence(XMPPTCPConnection from, Presence.Mode mode, String status) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildPresenceStanza().setMode(mode).setStatus(status).build());
    }
}
