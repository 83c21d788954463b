package dev.xmppd.im.presence;

import static dev.xmppd.im.roster.RosterHarness.pushedItems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.roster.RosterHarness;
import dev.xmppd.im.roster.RosterModule;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subscriptions (RFC 6121 §3) and presence (§4) between local accounts, through the real router. */
class PresenceModuleTest {
    private static final String GET = "<iq type='get' id='g1'><query xmlns='jabber:iq:roster'/></iq>";

    private RosterHarness server;

    @BeforeEach
    void setUp() throws Exception {
        server = RosterHarness.start("alice", "bob", "carol");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** Binds, asks for the roster, sends initial presence, and forgets what it received. */
    private RecordingSession online(String jid) throws Exception {
        RecordingSession s = server.bind(jid);
        server.iq(s, GET);
        server.send(s, "<presence/>");
        s.clear();
        return s;
    }

    /** Subscribes each to the other, then forgets what both received. */
    private void befriend(RecordingSession a, String aBare, RecordingSession b, String bBare) throws Exception {
        server.send(a, "<presence to='" + bBare + "' type='subscribe'/>");
        server.send(b, "<presence to='" + aBare + "' type='subscribed'/>");
        server.send(b, "<presence to='" + aBare + "' type='subscribe'/>");
        server.send(a, "<presence to='" + bBare + "' type='subscribed'/>");
        a.clear();
        b.clear();
    }

    private static XmlElement lastPush(RecordingSession s) {
        List<XmlElement> pushes = pushedItems(s);
        assertThat(pushes).isNotEmpty();
        return pushes.get(pushes.size() - 1);
    }

    @Test
    void subscriptionHandshake() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        RecordingSession bob = online("bob@example.com/desk");

        // Execute system under test: RFC 6121 §3.1
        server.send(alice, "<presence to='bob@example.com/desk' type='subscribe'><status>hi</status></presence>");

        // Verify results: pending out pushed to alice, the request (from her bare JID) delivered to bob
        assertThat(lastPush(alice).attribute("ask")).isEqualTo("subscribe");
        assertThat(lastPush(alice).attribute("subscription")).isEqualTo("none");
        assertThat(bob.presenceLines()).containsExactly("subscribe alice@example.com");
        assertThat(((Presence) bob.received().get(0)).to()).hasToString("bob@example.com");
        assertThat(pushedItems(bob)).as("§3.1.3: no item for a request").isEmpty();
        alice.clear();
        bob.clear();

        server.send(bob, "<presence to='alice@example.com' type='subscribed'/>");

        assertThat(lastPush(bob).attribute("subscription")).isEqualTo("from");
        assertThat(lastPush(alice).attribute("subscription")).isEqualTo("to");
        assertThat(lastPush(alice).attribute("ask")).isNull();
        // §3.1.6 then §3.1.5: alice is told, then gets bob's current presence
        assertThat(alice.presenceLines())
                .containsExactly("subscribed bob@example.com", "available bob@example.com/desk");
    }

    @Test
    void presenceGoesToSubscribersAndOwnResourcesOnly() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        RecordingSession bob = online("bob@example.com/desk");
        RecordingSession carol = online("carol@example.com/home");
        RecordingSession alice2 = online("alice@example.com/desk");
        befriend(alice, "alice@example.com", bob, "bob@example.com");
        alice2.clear();

        server.send(alice, "<presence><show>away</show></presence>");

        // RFC 6121 §4.4.2
        assertThat(bob.presenceLines()).containsExactly("available alice@example.com/phone");
        assertThat(((Presence) bob.received().get(0)).element().childText("jabber:client", "show")).isEqualTo("away");
        assertThat(alice2.presenceLines()).containsExactly("available alice@example.com/phone");
        assertThat(alice.presenceLines()).containsExactly("available alice@example.com/phone");
        assertThat(carol.received()).as("no presence leaks to non-subscribers").isEmpty();
    }

    @Test
    void initialPresenceProbesAndExchangesWithOwnResources() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        RecordingSession bob = online("bob@example.com/desk");
        befriend(alice, "alice@example.com", bob, "bob@example.com");

        RecordingSession tablet = server.bind("alice@example.com/tablet");
        server.iq(tablet, GET);
        tablet.clear();
        server.send(tablet, "<presence><priority>5</priority></presence>");

        // RFC 6121 §4.2.2: bob gets it, the probe brings bob's presence, alice's phone and tablet see each other
        assertThat(bob.presenceLines()).containsExactly("available alice@example.com/tablet");
        assertThat(tablet.presenceLines()).containsExactlyInAnyOrder("available alice@example.com/tablet",
                "available bob@example.com/desk", "available alice@example.com/phone");
        assertThat(alice.presenceLines()).contains("available alice@example.com/tablet");
    }

    @Test
    void closedSessionBroadcastsUnavailable() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        RecordingSession alice2 = online("alice@example.com/desk");
        RecordingSession bob = online("bob@example.com/desk");
        befriend(alice, "alice@example.com", bob, "bob@example.com");
        alice2.clear();

        // Execute system under test: the connection drops, no unavailable from the client (§4.5.2)
        server.close(alice);

        assertThat(bob.presenceLines()).containsExactly("unavailable alice@example.com/phone");
        assertThat(alice2.presenceLines()).containsExactly("unavailable alice@example.com/phone");
    }

    @Test
    void unavailableFromTheClientIsBroadcastOnce() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        RecordingSession bob = online("bob@example.com/desk");
        befriend(alice, "alice@example.com", bob, "bob@example.com");

        server.send(alice, "<presence type='unavailable'><status>bye</status></presence>");
        server.close(alice);

        assertThat(bob.presenceLines()).containsExactly("unavailable alice@example.com/phone");
        assertThat(((Presence) bob.received().get(0)).element().childText("jabber:client", "status")).isEqualTo("bye");
    }

    @Test
    void directedPresenceRecipientsLearnOfUnavailability() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        RecordingSession carol = online("carol@example.com/home");
        RecordingSession bob = online("bob@example.com/desk");

        server.send(alice, "<presence to='carol@example.com/home'/>");
        server.send(alice, "<presence to='bob@example.com'/>");
        server.send(alice, "<presence to='bob@example.com' type='unavailable'/>");
        assertThat(carol.presenceLines()).containsExactly("available alice@example.com/phone");
        bob.clear();
        carol.clear();

        server.send(alice, "<presence><show>dnd</show></presence>");
        assertThat(carol.received()).as("§4.6.2: no broadcasts to directed recipients").isEmpty();
        server.close(alice);

        // RFC 6121 §4.6.3
        assertThat(carol.presenceLines()).containsExactly("unavailable alice@example.com/phone");
        assertThat(bob.received()).as("directed unavailable ended it").isEmpty();
    }

    @Test
    void pendingRequestIsDeliveredAtNextInitialPresenceAndSurvivesARestart() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        server.send(alice, "<presence to='bob@example.com' type='subscribe'/>");
        server.close();
        server = new RosterHarness(server.storage, List.of("roster", "presence"), RosterModule.DEFAULT_MAX_ITEMS);

        RecordingSession bob = server.bind("bob@example.com/desk");
        server.send(bob, "<presence/>");

        // RFC 6121 §3.1.3
        assertThat(bob.presenceLines()).contains("subscribe alice@example.com");
        bob.clear();
        server.send(bob, "<presence to='alice@example.com' type='subscribed'/>");
        RecordingSession bob2 = server.bind("bob@example.com/laptop");
        server.send(bob2, "<presence/>");
        assertThat(bob2.presenceLines()).as("answered, so not again").doesNotContain("subscribe alice@example.com");
    }

    @Test
    void preApprovalGrantsTheLaterRequest() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        RecordingSession bob = online("bob@example.com/desk");

        // RFC 6121 §3.4
        server.send(bob, "<presence to='alice@example.com' type='subscribed'/>");
        assertThat(lastPush(bob).attribute("approved")).isEqualTo("true");
        assertThat(lastPush(bob).attribute("subscription")).isEqualTo("none");
        assertThat(alice.received()).as("a pre-approval is not routed").isEmpty();
        bob.clear();

        server.send(alice, "<presence to='bob@example.com' type='subscribe'/>");

        assertThat(bob.presenceLines()).as("answered by the server").isEmpty();
        assertThat(lastPush(bob).attribute("subscription")).isEqualTo("from");
        assertThat(lastPush(bob).attribute("approved")).isNull();
        assertThat(lastPush(alice).attribute("subscription")).isEqualTo("to");
        // Sent in this order, but alice's roster is still busy with her request when bob's presence arrives, so
        // the presence, which needs no roster change, overtakes the subscribed.
        assertThat(alice.presenceLines()).containsExactlyInAnyOrder("subscribed bob@example.com",
                "available bob@example.com/desk");
    }

    @Test
    void requestToANonexistentAccountIsAnsweredUnsubscribed() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");

        server.send(alice, "<presence to='nobody@example.com' type='subscribe'/>");

        assertThat(alice.presenceLines()).containsExactly("unsubscribed nobody@example.com");
        XmlElement push = lastPush(alice);
        assertThat(push.attribute("jid")).isEqualTo("nobody@example.com");
        assertThat(push.attribute("ask")).isNull();
    }

    @Test
    void probesAreAnsweredOnlyForSubscribers() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        RecordingSession bob = online("bob@example.com/desk");
        RecordingSession carol = online("carol@example.com/home");
        befriend(alice, "alice@example.com", bob, "bob@example.com");

        server.send(carol, "<presence to='alice@example.com' type='probe'/>");
        server.send(bob, "<presence to='alice@example.com' type='probe'/>");

        // RFC 6121 §4.3.2 (carol's server absorbs the unsubscribed answer: she had no subscription to cancel)
        assertThat(carol.received()).isEmpty();
        assertThat(bob.presenceLines()).containsExactly("available alice@example.com/phone");
    }

    @Test
    void unsubscribedAnswerToAProbeRepairsAStaleRoster() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        // carol's roster says she sees alice; alice's says nothing of carol
        server.storage.keyValue("roster").put(dev.xmppd.core.jid.BareJid.parse("carol@example.com"),
                "alice@example.com", dev.xmppd.core.testing.TestXml.parse(
                        "<item xmlns='urn:xmppd:roster' jid='alice@example.com' subscription='to'/>"))
                .toCompletableFuture().get();

        RecordingSession carol = online("carol@example.com/home");

        // RFC 6121 §4.3.2 then A.3.4 (To -> None)
        assertThat(alice.received()).isEmpty();
        RecordingSession carol2 = server.bind("carol@example.com/laptop");
        assertThat(server.iq(carol2, GET).payload().elements()).singleElement()
                .satisfies(i -> assertThat(i.attribute("subscription")).isEqualTo("none"));
        assertThat(carol.received()).isEmpty();
    }

    @Test
    void unsubscribeEndsTheSubscriptionAndTheFormerSubscriberSeesUnavailable() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        RecordingSession bob = online("bob@example.com/desk");
        befriend(alice, "alice@example.com", bob, "bob@example.com");

        // RFC 6121 §3.3: bob stops watching alice
        server.send(bob, "<presence to='alice@example.com' type='unsubscribe'/>");

        assertThat(lastPush(bob).attribute("subscription")).isEqualTo("from");
        assertThat(lastPush(alice).attribute("subscription")).isEqualTo("to");
        assertThat(alice.presenceLines()).containsExactly("unsubscribe bob@example.com");
        assertThat(bob.presenceLines()).containsExactly("unavailable alice@example.com/phone");
        bob.clear();
        server.send(alice, "<presence><show>chat</show></presence>");
        assertThat(bob.received()).isEmpty();
    }

    @Test
    void cancellingASubscriptionTellsTheFormerSubscriber() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        RecordingSession bob = online("bob@example.com/desk");
        befriend(alice, "alice@example.com", bob, "bob@example.com");

        // RFC 6121 §3.2: alice cancels bob's subscription to her
        server.send(alice, "<presence to='bob@example.com' type='unsubscribed'/>");

        assertThat(lastPush(alice).attribute("subscription")).isEqualTo("to");
        assertThat(lastPush(bob).attribute("subscription")).isEqualTo("from");
        assertThat(bob.presenceLines()).containsExactly("unsubscribed alice@example.com",
                "unavailable alice@example.com/phone");
    }

    @Test
    void removingAContactCancelsBothSubscriptions() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        RecordingSession bob = online("bob@example.com/desk");
        befriend(alice, "alice@example.com", bob, "bob@example.com");

        server.iq(alice, "<iq type='set' id='r1'><query xmlns='jabber:iq:roster'>"
                + "<item jid='bob@example.com' subscription='remove'/></query></iq>");

        // RFC 6121 §2.5.2
        assertThat(lastPush(alice).attribute("subscription")).isEqualTo("remove");
        assertThat(bob.presenceLines()).containsExactly("unsubscribe alice@example.com",
                "unsubscribed alice@example.com", "unavailable alice@example.com/phone");
        assertThat(lastPush(bob).attribute("subscription")).isEqualTo("none");
    }

    @Test
    void deniedRequestIsForgotten() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        RecordingSession bob = online("bob@example.com/desk");
        server.send(alice, "<presence to='bob@example.com' type='subscribe'/>");
        alice.clear();

        server.send(bob, "<presence to='alice@example.com' type='unsubscribed'/>");

        assertThat(alice.presenceLines()).containsExactly("unsubscribed bob@example.com");
        assertThat(lastPush(alice).attribute("ask")).isNull();
        assertThat(pushedItems(bob)).as("bob never had alice on his roster").isEmpty();
        RecordingSession bob2 = server.bind("bob@example.com/laptop");
        server.send(bob2, "<presence/>");
        assertThat(bob2.presenceLines()).doesNotContain("subscribe alice@example.com");
    }

    @Test
    void subscriptionsToOtherDomainsAreRoutedWithTheBareJid() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");

        server.send(alice, "<presence to='romeo@remote.example/orchard' type='subscribe'/>");
        server.send(alice, "<presence to='romeo@remote.example' type='subscribed'/>");

        // RFC 6121 §3.1.2; the subscribed is a pre-approval and stays here
        assertThat(server.remote).singleElement().satisfies(s -> {
            assertThat(s.from()).hasToString("alice@example.com");
            assertThat(s.to()).hasToString("romeo@remote.example");
            assertThat(((Presence) s).type()).isEqualTo(PresenceType.SUBSCRIBE);
        });
    }

    @Test
    void inboundSubscriptionFromAnotherDomain() throws Exception {
        RecordingSession alice = online("alice@example.com/phone");
        server.send(alice, "<presence to='romeo@remote.example' type='subscribe'/>");
        server.remote.clear();
        alice.clear();

        server.router.route(dev.xmppd.core.stanza.Stanza.parse(dev.xmppd.core.testing.TestXml.parse(
                "<presence from='romeo@remote.example/orchard' to='alice@example.com' type='subscribed'/>")));
        assertThat(lastPush(alice).attribute("subscription")).isEqualTo("to");
        assertThat(alice.presenceLines()).containsExactly("subscribed romeo@remote.example");
        server.send(alice, "<presence><show>away</show></presence>");
        assertThat(server.remote).as("romeo is not subscribed to alice").isEmpty();
        RecordingSession tablet = server.bind("alice@example.com/tablet");
        server.send(tablet, "<presence/>");

        assertThat(server.remote).as("alice's new resource probes romeo, but does not send him her presence")
                .singleElement().satisfies(s -> {
                    assertThat(((Presence) s).type()).isEqualTo(PresenceType.PROBE);
                    assertThat(s.from()).hasToString("alice@example.com");
                });
    }
}
