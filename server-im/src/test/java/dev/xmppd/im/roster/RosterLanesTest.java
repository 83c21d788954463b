package dev.xmppd.im.roster;

import static dev.xmppd.im.roster.RosterHarness.pushedItems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-account lanes on a store that answers later and out of order: changes to one roster still happen, are
 * pushed and are routed in the order the client sent them (RFC 6120 §10.1).
 */
class RosterLanesTest {
    private RosterHarness server;
    private final AsyncStorage storage = new AsyncStorage();

    @BeforeEach
    void setUp() throws Exception {
        server = RosterHarness.start(storage, List.of("roster", "presence"), RosterModule.DEFAULT_MAX_ITEMS,
                "alice", "bob");
    }

    @AfterEach
    void tearDown() {
        server.close();
        storage.close();
    }

    /** Completes once every operation queued so far on the account's roster has run. */
    private void settle(String account) throws Exception {
        server.rosterService().read(BareJid.parse(account), v -> { }).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void subscriptionStanzasKeepTheirOrder() throws Exception {
        RecordingSession alice = server.bind("alice@example.com/phone");
        RecordingSession bob = server.bind("bob@example.com/desk");
        server.iq(alice, "<iq type='get' id='g1'><query xmlns='jabber:iq:roster'/></iq>");
        server.send(alice, "<presence/>");
        server.send(bob, "<presence/>");
        settle("alice@example.com");
        settle("bob@example.com");
        alice.clear();
        bob.clear();

        // Execute system under test
        String[] types = {"subscribe", "unsubscribe", "subscribe", "unsubscribe", "subscribe"};
        for (String type : types) {
            server.send(alice, "<presence to='bob@example.com' type='" + type + "'/>");
        }
        settle("alice@example.com");
        settle("bob@example.com");

        // Verify results: A.3.1/A.3.2 deliver each, in order; alice's pushes alternate, with growing versions
        assertThat(bob.presenceLines()).containsExactly("subscribe alice@example.com", "unsubscribe alice@example.com",
                "subscribe alice@example.com", "unsubscribe alice@example.com", "subscribe alice@example.com");
        List<XmlElement> pushes = pushedItems(alice);
        assertThat(pushes).extracting(i -> String.valueOf(i.attribute("ask")))
                .containsExactly("subscribe", "null", "subscribe", "null", "subscribe");
        List<Long> versions = alice.received().stream()
                .filter(s -> s instanceof dev.xmppd.core.stanza.Iq iq && iq.type().isRequest())
                .map(s -> Long.parseLong(((dev.xmppd.core.stanza.Iq) s).payload().attribute("ver"))).toList();
        assertThat(versions).isSorted().doesNotHaveDuplicates();
    }

    /**
     * RFC 6121 §2.5.2 on an asynchronous store: the result of removing a local contact waits until the contact's
     * roster has handled the unsubscribe (Smack's roster tests remove, then subscribe again at once, and must not see
     * the cancellation arrive after the new request).
     */
    @Test
    void theResultOfARemovalWaitsUntilTheContactWasTold() throws Exception {
        RecordingSession alice = server.bind("alice@example.com/phone");
        RecordingSession bob = server.bind("bob@example.com/desk");
        server.send(alice, "<presence/>");
        server.send(bob, "<presence/>");
        server.send(alice, "<presence to='bob@example.com' type='subscribe'/>");
        settle("bob@example.com");
        server.send(bob, "<presence to='alice@example.com' type='subscribed'/>");
        settle("alice@example.com");
        settle("bob@example.com");
        bob.clear();
        Runnable release = storage.holdWrites(BareJid.parse("bob@example.com"));

        // Execute system under test: bob's roster cannot be written yet
        server.sendWithoutWaiting(alice, "<iq type='set' id='r1'><query xmlns='jabber:iq:roster'>"
                + "<item jid='bob@example.com' subscription='remove'/></query></iq>");
        settle("alice@example.com");
        boolean answeredEarly = answered(alice, "r1");
        release.run();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> answered(alice, "r1"));

        // Verify results
        assertThat(answeredEarly).as("answered while bob's roster was still being written").isFalse();
        assertThat(bob.presenceLines()).contains("unsubscribe alice@example.com");
    }

    private static boolean answered(RecordingSession session, String id) {
        return session.received().stream()
                .anyMatch(st -> st instanceof Iq iq && iq.type() == IqType.RESULT && id.equals(iq.id()));
    }

    @Test
    void concurrentSetsFromTwoResourcesAreAllKept() throws Exception {
        RecordingSession phone = server.bind("alice@example.com/phone");
        RecordingSession desk = server.bind("alice@example.com/desk");
        var stages = new java.util.ArrayList<java.util.concurrent.CompletableFuture<Void>>();

        for (int i = 0; i < 20; i++) {
            RecordingSession from = i % 2 == 0 ? phone : desk;
            stages.add(server.router.routeFromClient(from, dev.xmppd.core.stanza.Stanza.parse(
                    dev.xmppd.core.testing.TestXml.parse("<iq type='set' id='s" + i + "'><query xmlns='jabber:iq:roster'>"
                            + "<item jid='c" + i + "@example.com'/></query></iq>"))).toCompletableFuture());
        }
        for (var s : stages) {
            s.get(5, TimeUnit.SECONDS);
        }
        settle("alice@example.com");
        server.close(phone);
        server.close(desk);

        // Verify results: from the store, after the roster left memory
        RecordingSession again = server.bind("alice@example.com/tablet");
        XmlElement roster = server.iq(again, "<iq type='get' id='g9'><query xmlns='jabber:iq:roster'/></iq>")
                .payload();
        assertThat(roster.elements()).hasSize(20);
        assertThat(roster.attribute("ver")).isEqualTo("20");
    }
}
