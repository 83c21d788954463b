package dev.xmppd.im.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.im.presence.PresenceModuleFactory;
import dev.xmppd.im.roster.RosterModuleFactory;
import dev.xmppd.im.testing.MiscHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * XEP-0191 §3.3/§3.4 with the roster and presence modules: presence on block and unblock goes only to contacts
 * subscribed to the user, and blocking holds even though the presence module comes first in {@code modules:}.
 */
class BlockingWithRosterTest {
    private static final List<ModuleFactory> FACTORIES = List.of(new DiscoModuleFactory(), new RosterModuleFactory(),
            new PresenceModuleFactory(), new BlockingModuleFactory());

    private MiscHarness server;
    private RecordingSession alice;
    private RecordingSession bob;
    private RecordingSession carol;

    @BeforeEach
    void setUp() throws Exception {
        server = MiscHarness.start(FACTORIES, List.of("disco", "roster", "presence", "blocking"),
                "alice", "bob", "carol");
        alice = server.online("alice@example.com/phone");
        bob = server.online("bob@example.com/desk");
        carol = server.online("carol@example.com/pad");
        // bob is subscribed to alice's presence; carol is not
        server.send(bob, "<presence to='alice@example.com' type='subscribe'/>");
        server.send(alice, "<presence to='bob@example.com' type='subscribed'/>");
        server.send(alice, "<presence><status>here</status></presence>");
        bob.clear();
        carol.clear();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private void blockCommand(String command, String jid) throws Exception {
        server.iq(alice, "<iq type='set' id='" + command + jid + "'><" + command + " xmlns='urn:xmpp:blocking'>"
                + "<item jid='" + jid + "'/></" + command + "></iq>");
    }

    @Test
    void aSubscriberSeesTheUserLeaveOnBlockAndComeBackOnUnblock() throws Exception {
        blockCommand("block", "bob@example.com");
        List<Presence> onBlock = bob.presences();
        bob.clear();
        server.send(alice, "<presence><status>still here</status></presence>"); // a broadcast bob must not get
        List<Presence> whileBlocked = bob.presences();
        blockCommand("unblock", "bob@example.com");

        assertThat(onBlock).singleElement().satisfies(p -> assertThat(p.type()).isEqualTo(PresenceType.UNAVAILABLE));
        assertThat(whileBlocked).isEmpty();
        assertThat(bob.presences()).singleElement().satisfies(p -> {
            assertThat(p.type()).isEqualTo(PresenceType.AVAILABLE);
            assertThat(p.from()).hasToString("alice@example.com/phone");
            assertThat(p.element().childText(p.element().namespace(), "status")).isEqualTo("still here");
        });
    }

    @Test
    void aNonSubscriberGetsNoPresenceEitherWay() throws Exception {
        blockCommand("block", "carol@example.com");
        blockCommand("unblock", "carol@example.com");

        assertThat(carol.presences()).isEmpty();
    }

    @Test
    void aSubscriptionRequestFromABlockedContactIsDroppedBeforeThePresenceModuleSeesIt() throws Exception {
        blockCommand("block", "carol@example.com");
        alice.clear();

        server.send(carol, "<presence to='alice@example.com' type='subscribe'/>");
        server.send(carol, "<message to='alice@example.com' type='chat'><body>hi</body></message>");
        RecordingSession laptop = server.online("alice@example.com/laptop"); // pending requests are sent on login

        assertThat(alice.received()).noneMatch(s -> s.from().bare().toString().equals("carol@example.com"));
        assertThat(laptop.received()).noneMatch(s -> s.from().bare().toString().equals("carol@example.com"));
        assertThat(carol.received()).filteredOn(Stanza::isError).singleElement().isInstanceOf(Message.class);
    }
}
