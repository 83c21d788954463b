package dev.xmppd.im.offline;

import static dev.xmppd.im.forward.RouterHarness.bare;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.testing.MutableClock;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.forward.RouterHarness;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** XEP-0160 offline storage and XEP-0203 stamps, through the real router. */
class OfflineModuleTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    private final MutableClock clock = new MutableClock(T0);
    private RouterHarness server;
    private RecordingSession alice;

    @BeforeEach
    void setUp() throws Exception {
        server = new RouterHarness(List.of("alice", "bob"), () -> new OfflineModule(3, clock));
        alice = server.online("alice@example.com/phone", 0);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private long stored(String account) throws Exception {
        return server.storage.archive("offline").count(bare(account)).toCompletableFuture().get();
    }

    @Test
    void storesForAnAccountWithoutResourcesAndDeliversInOrderOnInitialPresence() throws Exception {
        // Execute system under test
        server.send(alice, "<message to='bob@example.com' type='chat' id='m1'><body>one</body></message>");
        server.send(alice, "<message to='bob@example.com/gone' id='m2'><body>two</body></message>");
        assertThat(stored("bob@example.com")).isEqualTo(2);
        RecordingSession bob = server.bind("bob@example.com/desk");
        server.send(bob, "<presence/>");

        // Verify results
        assertThat(alice.received()).isEmpty();
        assertThat(bob.messages()).extracting(Message::id).containsExactly("m1", "m2");
        Message first = bob.messages().get(0);
        assertThat(first.body()).isEqualTo("one");
        assertThat(first.from()).hasToString("alice@example.com/phone");
        XmlElement delay = first.element().element("urn:xmpp:delay", "delay");
        assertThat(delay.attribute("from")).isEqualTo("example.com");
        assertThat(delay.attribute("stamp")).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(stored("bob@example.com")).isZero();
    }

    @Test
    void aMessageTheServerStampedAlreadyKeepsItsFirstStampOnly() throws Exception {
        // A message routed again after a stream-management session ended carries the time it first arrived.
        server.send(alice, "<message to='bob@example.com' id='m1'><body>one</body>"
                + "<delay xmlns='urn:xmpp:delay' from='example.com' stamp='2026-01-01T00:00:00Z'/></message>");
        RecordingSession bob = server.bind("bob@example.com/desk");
        server.send(bob, "<presence/>");

        Message m = bob.messages().get(0);
        assertThat(m.element().children()).filteredOn(n -> n instanceof XmlElement e && e.name().equals("delay"))
                .hasSize(1);
        assertThat(m.element().element("urn:xmpp:delay", "delay").attribute("stamp"))
                .isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void negativePriorityWaitsUntilItTurnsNonNegative() throws Exception {
        server.send(alice, "<message to='bob@example.com'><body>later</body></message>");
        RecordingSession bob = server.bind("bob@example.com/desk");

        server.send(bob, "<presence><priority>-1</priority></presence>");
        assertThat(bob.messages()).isEmpty();
        server.send(bob, "<presence><priority>1</priority></presence>");

        assertThat(bob.messages()).extracting(Message::body).containsExactly("later");
        assertThat(stored("bob@example.com")).isZero();
    }

    @Test
    void aSecondInitialPresenceGetsNothingTwice() throws Exception {
        server.send(alice, "<message to='bob@example.com'><body>once</body></message>");
        RecordingSession desk = server.bind("bob@example.com/desk");
        RecordingSession phone = server.bind("bob@example.com/phone");
        server.send(desk, "<presence/>");
        server.send(phone, "<presence/>");

        assertThat(desk.messages()).extracting(Message::body).containsExactly("once");
        assertThat(phone.messages()).isEmpty();
        assertThat(stored("bob@example.com")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<message to='bob@example.com' type='chat'><body>x</body><no-store xmlns='urn:xmpp:hints'/></message>",
        "<message to='bob@example.com' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>",
    })
    void dropsWhatShouldNotBeStoredSilently(String xml) throws Exception {
        server.send(alice, xml);

        assertThat(alice.received()).isEmpty();
        assertThat(stored("bob@example.com")).isZero();
    }

    @Test
    void storesABodilessMessageWithTheStoreHint() throws Exception {
        server.send(alice, "<message to='bob@example.com'><received xmlns='urn:xmpp:receipts' id='r1'/>"
                + "<store xmlns='urn:xmpp:hints'/></message>");

        assertThat(stored("bob@example.com")).isEqualTo(1);
    }

    @Test
    void bouncesServiceUnavailableOnceTheQuotaIsReached() throws Exception {
        for (int i = 1; i <= 4; i++) {
            server.send(alice, "<message to='bob@example.com' id='q" + i + "'><body>" + i + "</body></message>");
        }

        assertThat(stored("bob@example.com")).isEqualTo(3);
        assertThat(alice.received()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("q4");
            assertThat(s.isError()).isTrue();
            StanzaError error = StanzaError.fromElement(s.element().element("jabber:client", "error"));
            assertThat(error.condition()).isEqualTo(Condition.SERVICE_UNAVAILABLE);
            assertThat(error.text()).contains("full");
        });
    }

    @Test
    void doesNotStoreForUnknownAccountsOrOtherTypes() throws Exception {
        server.send(alice, "<message to='nobody@example.com' id='n1'><body>x</body></message>");
        server.send(alice, "<message to='bob@example.com' type='headline'><body>x</body></message>");
        server.send(alice, "<message to='bob@example.com' type='groupchat' id='g1'><body>x</body></message>");

        assertThat(stored("nobody@example.com")).isZero();
        assertThat(stored("bob@example.com")).isZero();
        assertThat(alice.received()).extracting(Stanza::id).containsExactly("n1", "g1"); // both service-unavailable
    }

    @Test
    void advertisesMsgoffline() {
        assertThat(server.router.discoInfo("example.com").features()).contains("msgoffline");
    }
}
