package dev.xmppd.im.blocking;

import static dev.xmppd.im.testing.MiscHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.ErrorType;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.testing.MiscHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** XEP-0191 through the real router: commands, pushes, and the rules for stanzas to and from blocked entities. */
class BlockingModuleTest {
    private static final List<ModuleFactory> FACTORIES = List.of(new DiscoModuleFactory(), new BlockingModuleFactory());
    private static final List<String> MODULES = List.of("disco", "blocking");
    private static final String NS = "urn:xmpp:blocking";

    private MiscHarness server;
    private RecordingSession alice;
    private RecordingSession bob;

    @BeforeEach
    void setUp() throws Exception {
        server = MiscHarness.start(FACTORIES, MODULES, "alice", "bob", "carol");
        alice = server.online("alice@example.com/phone");
        bob = server.online("bob@example.com/desk");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private Iq block(RecordingSession s, String... jids) throws Exception {
        return command(s, "block", jids);
    }

    private Iq command(RecordingSession s, String command, String... jids) throws Exception {
        StringBuilder items = new StringBuilder();
        for (String j : jids) {
            items.append("<item jid='").append(j).append("'/>");
        }
        return server.iq(s, "<iq type='set' id='c" + System.nanoTime() + "'><" + command + " xmlns='" + NS + "'>"
                + items + "</" + command + "></iq>");
    }

    private List<String> blocklist(RecordingSession s) throws Exception {
        Iq reply = server.iq(s, "<iq type='get' id='l" + System.nanoTime() + "'><blocklist xmlns='" + NS + "'/></iq>");
        assertThat(reply.type()).isEqualTo(IqType.RESULT);
        return reply.payload().elements().stream().map(e -> e.attribute("jid")).toList();
    }

    private static List<Message> messages(RecordingSession s) {
        return s.received().stream().filter(Message.class::isInstance).map(Message.class::cast).toList();
    }

    @Test
    void advertisesTheFeature() throws Exception {
        Iq info = server.iq(alice, "<iq type='get' to='example.com' id='d1'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");

        assertThat(info.payload().elements()).anySatisfy(f -> assertThat(f.attribute("var")).isEqualTo(NS));
    }

    @Test
    void blockIsListedAndPushedToResourcesThatAskedForTheList() throws Exception {
        RecordingSession tablet = server.online("alice@example.com/tablet");
        assertThat(blocklist(alice)).isEmpty(); // the phone asks for the list (XEP-0191 §3.2), the tablet does not

        Iq result = block(alice, "Romeo@Montague.net", "bob@example.com");

        assertThat(result.type()).isEqualTo(IqType.RESULT);
        assertThat(blocklist(alice)).containsExactly("romeo@montague.net", "bob@example.com");
        assertThat(alice.pushes()).singleElement().satisfies(push -> {
            assertThat(push.type()).isEqualTo(IqType.SET);
            assertThat(push.from()).hasToString("alice@example.com");
            assertThat(push.to()).hasToString("alice@example.com/phone");
            assertThat(push.payload().is(NS, "block")).isTrue();
            assertThat(push.payload().elements()).extracting(e -> e.attribute("jid"))
                    .containsExactly("romeo@montague.net", "bob@example.com");
        });
        assertThat(tablet.pushes()).isEmpty();
    }

    @Test
    void blockNeedsAnItemAndValidJids() throws Exception {
        assertThat(error(block(alice)).condition()).isEqualTo(Condition.BAD_REQUEST);
        assertThat(error(block(alice, "@bad")).condition()).isEqualTo(Condition.JID_MALFORMED);
        assertThat(error(server.iq(alice, "<iq type='set' id='x'><block xmlns='" + NS + "'><item/></block></iq>"))
                .condition()).isEqualTo(Condition.BAD_REQUEST);
        assertThat(blocklist(alice)).isEmpty();
    }

    @Test
    void anotherAccountsBlocklistIsNotServed() throws Exception {
        Iq reply = server.iq(alice, "<iq type='get' to='bob@example.com' id='o1'><blocklist xmlns='" + NS + "'/></iq>");

        assertThat(error(reply).condition()).isEqualTo(Condition.SERVICE_UNAVAILABLE);
    }

    @Test
    void messageToABlockedContactBouncesWithTheBlockedCondition() throws Exception {
        block(alice, "bob@example.com");
        alice.clear();

        server.send(alice, "<message to='bob@example.com' type='chat' id='m1'><body>hi</body></message>");

        assertThat(messages(bob)).isEmpty();
        // XEP-0191 §3.3: not-acceptable with <blocked xmlns='urn:xmpp:blocking:errors'/>
        assertThat(messages(alice)).singleElement().satisfies(m -> {
            assertThat(m.isError()).isTrue();
            assertThat(m.from()).hasToString("bob@example.com");
            assertThat(m.body()).isEqualTo("hi");
            assertThat(error(m).condition()).isEqualTo(Condition.NOT_ACCEPTABLE);
            assertThat(error(m).type()).isEqualTo(ErrorType.CANCEL);
            XmlElement e = m.element().element(m.element().namespace(), "error");
            assertThat(e.element("urn:xmpp:blocking:errors", "blocked")).isNotNull();
        });
    }

    @Test
    void iqToABlockedContactBouncesAndPresenceIsDropped() throws Exception {
        block(alice, "bob@example.com");
        alice.clear();
        bob.clear();

        server.send(alice, "<iq type='get' to='bob@example.com/desk' id='q1'><ping xmlns='urn:xmpp:ping'/></iq>");
        server.send(alice, "<presence to='bob@example.com'/>");

        assertThat(bob.received()).isEmpty();
        assertThat(alice.received()).singleElement().satisfies(s -> {
            assertThat(s).isInstanceOf(Iq.class);
            assertThat(error(s).condition()).isEqualTo(Condition.NOT_ACCEPTABLE);
        });
    }

    @Test
    void stanzasFromABlockedContactDoNotArrive() throws Exception {
        block(alice, "bob@example.com");
        alice.clear();

        server.send(bob, "<message to='alice@example.com' type='chat'><body>hello?</body></message>");
        server.send(bob, "<iq type='get' to='alice@example.com/phone' id='q2'><ping xmlns='urn:xmpp:ping'/></iq>");
        server.send(bob, "<presence to='alice@example.com' type='subscribe'/>");
        server.send(bob, "<presence to='alice@example.com/phone'/>");

        assertThat(alice.received()).isEmpty();
        // XEP-0191 §3.3: service-unavailable for messages and IQ requests, nothing for presence
        List<Stanza> bounced = bob.received().stream().filter(Stanza::isError).toList();
        assertThat(bounced).hasSize(2).allSatisfy(s ->
                assertThat(error(s).condition()).isEqualTo(Condition.SERVICE_UNAVAILABLE));
        assertThat(bounced.get(0)).isInstanceOf(Message.class);
        assertThat(bounced.get(1)).isInstanceOf(Iq.class);
    }

    @Test
    void aBlockedContactIsRefusedWhileTheUserIsOffline() throws Exception {
        block(alice, "bob@example.com");
        server.close(alice);

        server.send(bob, "<message to='alice@example.com' type='chat'><body>still there?</body></message>");

        assertThat(messages(bob)).singleElement().satisfies(m ->
                assertThat(error(m).condition()).isEqualTo(Condition.SERVICE_UNAVAILABLE));
    }

    @Test
    void aBlockedDomainCoversItsUsers() throws Exception {
        block(alice, "example.org", "example.com/bot");
        alice.clear();

        server.send(alice, "<message to='juliet@example.org' type='chat'><body>x</body></message>");
        server.send(alice, "<message to='bob@example.com' type='chat'><body>y</body></message>");

        assertThat(messages(alice)).singleElement().satisfies(m ->
                assertThat(m.from()).hasToString("juliet@example.org"));
        assertThat(messages(bob)).hasSize(1);
    }

    @Test
    void theOwnServerIsNeverBlocked() throws Exception {
        block(alice, "example.com");
        alice.clear();

        Iq ping = server.iq(alice, "<iq type='get' to='example.com' id='p1'><query "
                + "xmlns='http://jabber.org/protocol/disco#items'/></iq>");

        assertThat(ping.type()).isEqualTo(IqType.RESULT);
    }

    @Test
    void blockingSendsUnavailablePresenceToTheContact() throws Exception {
        bob.clear();

        block(alice, "bob@example.com");

        // XEP-0191 §3.3: the contact sees the user go offline.
        assertThat(bob.received()).singleElement().satisfies(s -> {
            assertThat(s).isInstanceOf(Presence.class);
            assertThat(((Presence) s).type()).isEqualTo(PresenceType.UNAVAILABLE);
            assertThat(s.from()).hasToString("alice@example.com/phone");
        });
    }

    @Test
    void unblockLetsStanzasThroughAgainAndIsPushed() throws Exception {
        blocklist(alice);
        block(alice, "bob@example.com", "carol@example.com");
        alice.clear();

        command(alice, "unblock", "bob@example.com");
        server.send(bob, "<message to='alice@example.com' type='chat'><body>back</body></message>");

        assertThat(blocklist(alice)).containsExactly("carol@example.com");
        assertThat(messages(alice)).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("back"));
        assertThat(alice.pushes()).singleElement().satisfies(p -> {
            assertThat(p.payload().is(NS, "unblock")).isTrue();
            assertThat(p.payload().elements()).extracting(e -> e.attribute("jid")).containsExactly("bob@example.com");
        });
    }

    @Test
    void emptyUnblockUnblocksEveryone() throws Exception {
        blocklist(alice);
        block(alice, "bob@example.com", "carol@example.com");
        alice.clear();

        Iq result = command(alice, "unblock");
        server.send(bob, "<message to='alice@example.com' type='chat'><body>back</body></message>");

        assertThat(result.type()).isEqualTo(IqType.RESULT);
        assertThat(blocklist(alice)).isEmpty();
        assertThat(messages(alice)).hasSize(1);
        assertThat(alice.pushes()).singleElement().satisfies(p -> {
            assertThat(p.payload().is(NS, "unblock")).isTrue();
            assertThat(p.payload().hasChildren()).isFalse();
        });
    }

    @Test
    void theBlocklistSurvivesARestartAndAppliesBeforeTheUserLogsIn() throws Exception {
        block(alice, "bob@example.com", "example.org");
        command(alice, "unblock", "example.org");
        server.close();

        server = new MiscHarness(server.storage, FACTORIES, MODULES);
        RecordingSession bob2 = server.online("bob@example.com/desk");
        server.send(bob2, "<message to='alice@example.com' type='chat'><body>after restart</body></message>");
        RecordingSession alice2 = server.bind("alice@example.com/phone");

        assertThat(messages(bob2)).singleElement().satisfies(m ->
                assertThat(error(m).condition()).isEqualTo(Condition.SERVICE_UNAVAILABLE));
        assertThat(blocklist(alice2)).containsExactly("bob@example.com");
    }
}
