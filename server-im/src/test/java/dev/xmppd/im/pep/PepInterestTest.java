package dev.xmppd.im.pep;

import static dev.xmppd.im.pep.PepTestSupport.TUNE;
import static dev.xmppd.im.pep.PepTestSupport.events;
import static dev.xmppd.im.pep.PepTestSupport.notifiedIds;
import static dev.xmppd.im.pep.PepTestSupport.online;
import static dev.xmppd.im.pep.PepTestSupport.publish;
import static dev.xmppd.im.pep.PepTestSupport.tune;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.im.testing.MiscHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who gets caps-filtered notifications (XEP-0163 §4.3) when things happen in an awkward order: clients that are
 * online with their caps before they become contacts, as two users who add each other are (RFC 6121 §3.1.5), and a
 * client that answers the server's caps query with an error for a moment.
 */
class PepInterestTest {
    private static final List<String> NOTIFY_TUNE = List.of("http://jabber.org/protocol/caps",
            TUNE, TUNE + "+notify");

    private MiscHarness server;
    private RecordingSession alice;
    private RecordingSession bob;

    @BeforeEach
    void setUp() throws Exception {
        server = MiscHarness.start(PepTestSupport.FACTORIES, PepTestSupport.MODULES, "alice", "bob");
        alice = server.bind("alice@example.com/phone");
        bob = server.bind("bob@example.com/desk");
        online(server, alice, NOTIFY_TUNE);
        online(server, bob, NOTIFY_TUNE);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aContactWhosePresenceCameBeforeItWasSubscribedGetsNotifications() throws Exception {
        // Setup: alice asks first; bob's approval sends his presence (with caps) to alice while bob is not yet
        // subscribed to alice's presence; alice's approval of bob's request sends no presence of bob's
        server.send(alice, "<presence to='bob@example.com' type='subscribe'/>");
        server.send(bob, "<presence to='alice@example.com' type='subscribed'/>");
        server.send(bob, "<presence to='alice@example.com' type='subscribe'/>");
        server.send(alice, "<presence to='bob@example.com' type='subscribed'/>");
        bob.clear();

        // Execute
        server.iq(alice, publish(TUNE, "t1", tune("One")));

        // Verify
        assertThat(notifiedIds(bob)).containsExactly("t1");
    }

    @Test
    void approvingAContactSendsItTheLastItemsItWants() throws Exception {
        // Setup: bob's presence reached alice (she is subscribed to his), then alice published
        server.send(alice, "<presence to='bob@example.com' type='subscribe'/>");
        server.send(bob, "<presence to='alice@example.com' type='subscribed'/>");
        server.iq(alice, publish(TUNE, "t1", tune("One")));
        server.send(bob, "<presence to='alice@example.com' type='subscribe'/>");
        assertThat(events(bob)).as("not subscribed to alice yet").isEmpty();

        // Execute
        server.send(alice, "<presence to='bob@example.com' type='subscribed'/>");

        // Verify
        assertThat(notifiedIds(bob)).containsExactly("t1");
    }

    @Test
    void aContactWhoseSubscriptionIsOnlyToItsOwnPresenceGetsNothing() throws Exception {
        // Setup: alice receives bob's presence, bob does not receive alice's
        server.send(alice, "<presence to='bob@example.com' type='subscribe'/>");
        server.send(bob, "<presence to='alice@example.com' type='subscribed'/>");
        bob.clear();

        // Execute
        server.iq(alice, publish(TUNE, "t1", tune("One")));

        // Verify
        assertThat(events(bob)).isEmpty();
    }

    @Test
    void aFailedCapsQueryIsAskedAgainOnTheNextPresenceWithTheSameCaps() throws Exception {
        // Setup: friends; bob's new caps (not cached yet) are answered with an error the first time, as Smack does
        // when its presence carries a verification string before it answers queries for it
        PepTestSupport.befriend(server, alice, bob);
        List<String> features = new ArrayList<>(NOTIFY_TUNE);
        features.add("urn:example:new-feature");
        server.send(bob, PepTestSupport.presence(features));
        List<Iq> first = bob.pushes().stream()
                .filter(iq -> iq.payload().is("http://jabber.org/protocol/disco#info", "query")).toList();
        assertThat(first).hasSize(1);
        server.send(bob, "<iq type='error' id='" + first.get(0).id() + "' to='" + first.get(0).from() + "'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/><error type='cancel'>"
                + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
        bob.clear();

        // Execute: the same presence again
        server.send(bob, PepTestSupport.presence(features));
        int asked = PepTestSupport.answerCaps(server, bob, features);
        server.iq(alice, publish(TUNE, "t1", tune("One")));

        // Verify
        assertThat(asked).isEqualTo(1);
        assertThat(notifiedIds(bob)).containsExactly("t1");
    }
}
