package dev.xmppd.app.it.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.app.it.AttributesOnlyProvider;
import dev.xmppd.app.it.federation.FederatedServers.Certificates;
import dev.xmppd.s2s.out.OutboundLinks;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.SubscribeListener.SubscribeAnswer;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Two xmppd instances with self-signed certificates federate with Server Dialback (XEP-0220) over TLS, and the IM
 * features work across them with real Smack clients on each side (issue #6, "Must deliver" 5), with the default
 * {@code s2s.bidi: true}: whichever server connects first carries both directions (XEP-0288).
 */
class DialbackFederationIT {
    @RegisterExtension
    static final FederatedServers servers = new FederatedServers(Certificates.SELF_SIGNED);

    private static void awaitTrue(Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(condition);
    }

    private static BlockingQueue<Message> messagesTo(XMPPTCPConnection c) {
        BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
        c.addSyncStanzaListener(s -> queue.add((Message) s), StanzaTypeFilter.MESSAGE);
        return queue;
    }

    @Test
    void messagesFlowBothWaysOnLinksAuthenticatedWithDialback() throws Exception {
        // Setup test fixture
        XMPPTCPConnection alice = servers.a().newUser("alice");
        XMPPTCPConnection bob = servers.b().newUser("bob");
        BlockingQueue<Message> toAlice = messagesTo(alice);
        BlockingQueue<Message> toBob = messagesTo(bob);

        // Execute system under test
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(servers.b().jid("bob"))
                .ofType(Message.Type.chat).setBody("hello from a, Grüße 😀").build());
        Message atBob = toBob.poll(20, TimeUnit.SECONDS);
        bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(atBob.getFrom())
                .ofType(Message.Type.chat).setBody("hello from b").build());
        Message atAlice = toAlice.poll(20, TimeUnit.SECONDS);

        // Verify results
        assertThat(atBob.getBody()).isEqualTo("hello from a, Grüße 😀");
        assertThat(atBob.getFrom().toString()).isEqualTo(alice.getUser().toString());
        assertThat(atAlice.getBody()).isEqualTo("hello from b");
        assertThat(atAlice.getFrom().toString()).isEqualTo(bob.getUser().toString());
        // With s2s.bidi on (the default), whichever server connected first carries both directions: a's route
        // to b is then its own link or b's bidirectional stream.
        assertThat(servers.a().server().federation().status().outbound())
                .anySatisfy(l -> {
                    assertThat(l.pair()).isEqualTo(new dev.xmppd.s2s.DomainPair("a.test", "b.test"));
                    assertThat(l.state()).isIn("AUTHENTICATED", OutboundLinks.PEER_STREAM);
                    assertThat(l.method()).isEqualTo("dialback");
                });
        assertThat(servers.b().server().federation().status().inbound())
                .anySatisfy(l -> {
                    assertThat(l.pair().remote()).isEqualTo("a.test");
                    assertThat(l.method()).startsWith("dialback");
                });
        alice.disconnect();
        bob.disconnect();
    }

    @Test
    void subscriptionsAndPresenceBothWays() throws Exception {
        XMPPTCPConnection carol = servers.a().newUser("carol");
        XMPPTCPConnection dave = servers.b().newUser("dave");
        Roster carolRoster = Roster.getInstanceFor(carol);
        Roster daveRoster = Roster.getInstanceFor(dave);
        daveRoster.addSubscribeListener((from, p) -> SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
        carolRoster.addSubscribeListener((from, p) -> SubscribeAnswer.Approve);

        carolRoster.createItemAndRequestSubscription(servers.b().jid("dave"), "Dave", null);

        awaitTrue(() -> carolRoster.getPresence(servers.b().jid("dave")).isAvailable());
        awaitTrue(() -> daveRoster.getPresence(servers.a().jid("carol")).isAvailable());
        // Ask the server each time (a roster get), rather than only reading Smack's cache: in one CI run in ~10 the
        // cached entry stayed short of 'both' for 20 s although presence flowed both ways.
        awaitTrue(() -> {
            carolRoster.reloadAndWait();
            RosterEntry entry = carolRoster.getEntry(servers.b().jid("dave"));
            return entry != null && entry.getType() == org.jivesoftware.smack.roster.packet.RosterPacket.ItemType.both;
        });
        dave.disconnect();
        awaitTrue(() -> !carolRoster.getPresence(servers.b().jid("dave")).isAvailable());
        carol.disconnect();
    }

    @Test
    void pingDiscoAndVcardAcross() throws Exception {
        XMPPTCPConnection erin = servers.a().newUser("erin");
        XMPPTCPConnection frank = servers.b().newUser("frank");
        VCard card = new VCard();
        card.setNickName("Frank of b");
        VCardManager.getInstanceFor(frank).saveVCard(card);

        boolean pong = PingManager.getInstanceFor(erin).ping(JidCreate.domainBareFrom("b.test"), 20_000);
        var info = ServiceDiscoveryManager.getInstanceFor(erin).discoverInfo(JidCreate.domainBareFrom("b.test"));
        VCard seen = VCardManager.getInstanceFor(erin).loadVCard(JidCreate.entityBareFrom("frank@b.test"));

        assertThat(pong).isTrue();
        assertThat(info.containsFeature("urn:xmpp:ping")).isTrue();
        assertThat(seen.getNickName()).isEqualTo("Frank of b");
        erin.disconnect();
        frank.disconnect();
    }

    @Test
    void offlineMessageFromARemoteSender() throws Exception {
        XMPPTCPConnection grace = servers.a().newUser("grace");
        servers.b().addUser("heidi", "heidi");

        grace.sendStanza(grace.getStanzaFactory().buildMessageStanza().to(servers.b().jid("heidi"))
                .ofType(Message.Type.chat).setBody("while you were out").build());
        awaitTrue(() -> servers.b().server().storage().archive("offline")
                .count(dev.xmppd.core.jid.BareJid.of("heidi", "b.test")).toCompletableFuture().get(5, TimeUnit.SECONDS) == 1);
        XMPPTCPConnection heidi = new XMPPTCPConnection(servers.b().config("heidi", "heidi").build());
        BlockingQueue<Message> toHeidi = messagesTo(heidi);
        heidi.connect().login();

        Message m = toHeidi.poll(20, TimeUnit.SECONDS);
        assertThat(m.getBody()).isEqualTo("while you were out");
        assertThat(m.getFrom().asBareJid().toString()).isEqualTo("grace@a.test");
        grace.disconnect();
        heidi.disconnect();
    }

    @Test
    void remoteUserJoinsARoomAndChats() throws Exception {
        AttributesOnlyProvider.registerMuc();
        XMPPTCPConnection ivan = servers.b().newUser("ivan");
        XMPPTCPConnection judy = servers.a().newUser("judy");
        var room = JidCreate.entityBareFrom("lounge@conference.b.test");
        MultiUserChat atIvan = MultiUserChatManager.getInstanceFor(ivan).getMultiUserChat(room);
        atIvan.create(Resourcepart.from("ivan")).makeInstant();

        MultiUserChat atJudy = MultiUserChatManager.getInstanceFor(judy).getMultiUserChat(room);
        atJudy.join(Resourcepart.from("judy"));
        atJudy.sendMessage("hi from a.test");

        awaitTrue(() -> atIvan.getOccupants().size() == 2);
        Message seen;
        do {
            seen = atIvan.nextMessage(20_000);
        } while (seen != null && seen.getBody() == null);
        assertThat(seen).isNotNull();
        assertThat(seen.getBody()).isEqualTo("hi from a.test");
        assertThat(seen.getFrom().toString()).isEqualTo("lounge@conference.b.test/judy");
        judy.disconnect();
        ivan.disconnect();
    }
}
