package dev.xmppd.im.mam;

import static dev.xmppd.im.forward.RouterHarness.bare;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.disco.DiscoModule;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.testing.MutableClock;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.forward.RouterHarness;
import dev.xmppd.im.roster.RosterModule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** XEP-0313 archiving and queries, XEP-0359 stanza ids, XEP-0441 preferences, through the real router. */
class MamModuleTest {
    static final String NS = "urn:xmpp:mam:2";
    static final String RSM = "http://jabber.org/protocol/rsm";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private RouterHarness server;
    private RecordingSession alice;
    private RecordingSession bob;

    @BeforeEach
    void setUp() throws Exception {
        server = new RouterHarness(List.of("alice", "bob", "carol"), DiscoModule::new, () -> new MamModule(clock));
        alice = server.online("alice@example.com/phone", 0);
        bob = server.online("bob@example.com/desk", 0);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private List<ArchiveStore.Entry> archive(String owner) throws Exception {
        return server.storage.archive("mam").query(bare(owner), ArchiveStore.Query.all(100))
                .toCompletableFuture().get().entries();
    }

    /** Sends a query and returns what the querying session received: results, then the IQ result. */
    private List<Stanza> query(RecordingSession s, String payload) throws Exception {
        s.clear();
        server.send(s, "<iq type='set' id='q'><query xmlns='urn:xmpp:mam:2' queryid='f27'>" + payload
                + "</query></iq>");
        return List.copyOf(s.received());
    }

    private static List<String> resultIds(List<Stanza> received) {
        return received.stream().filter(Message.class::isInstance)
                .map(m -> m.element().element(NS, "result").attribute("id")).toList();
    }

    private static XmlElement fin(List<Stanza> received) {
        Iq iq = (Iq) received.get(received.size() - 1);
        assertThat(iq.type()).as("%s", iq.element()).isEqualTo(IqType.RESULT);
        return iq.element().element(NS, "fin");
    }

    private static Condition error(List<Stanza> received) {
        Stanza s = received.get(received.size() - 1);
        assertThat(s.isError()).as("%s", s.element()).isTrue();
        return StanzaError.fromElement(s.element().element("jabber:client", "error")).condition();
    }

    private void chat(RecordingSession from, String to, String body) throws Exception {
        clock.advance(Duration.ofMinutes(1));
        server.send(from, "<message type='chat' to='" + to + "'><body>" + body + "</body></message>");
    }

    @Test
    void stampsTheStanzaIdOfTheArchiveEntryAndStripsForgedOnes() throws Exception {
        // Execute system under test: a forged stanza-id by the recipient, and one by someone else
        server.send(alice, "<message type='chat' to='bob@example.com' id='m1'><body>hi</body>"
                + "<stanza-id xmlns='urn:xmpp:sid:0' by='bob@example.com' id='forged'/>"
                + "<stanza-id xmlns='urn:xmpp:sid:0' by='other.example' id='kept'/></message>");

        // Verify results
        Message delivered = bob.messages().get(0);
        List<XmlElement> ids = delivered.element().elements().stream()
                .filter(e -> e.is("urn:xmpp:sid:0", "stanza-id")).toList();
        assertThat(ids).extracting(e -> e.attribute("by")).containsExactly("other.example", "bob@example.com");
        String id = ids.get(1).attribute("id");
        List<ArchiveStore.Entry> entries = archive("bob@example.com");
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.with()).isEqualTo("alice@example.com");
            assertThat(e.timestamp()).isEqualTo(T0);
        });
        assertThat(archive("alice@example.com")).singleElement().satisfies(e -> {
            assertThat(e.with()).isEqualTo("bob@example.com");
            assertThat(e.stanza().attribute("id")).isEqualTo("m1");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<message type='chat' to='bob@example.com'><body>x</body><no-store xmlns='urn:xmpp:hints'/></message>",
        "<message type='chat' to='bob@example.com'><body>x</body><no-permanent-store xmlns='urn:xmpp:hints'/></message>",
        "<message type='chat' to='bob@example.com'><active xmlns='http://jabber.org/protocol/chatstates'/></message>",
        "<message type='headline' to='bob@example.com'><body>x</body></message>",
    })
    void archivesOnlyEligibleMessages(String xml) throws Exception {
        server.send(alice, xml);

        assertThat(archive("bob@example.com")).isEmpty();
        assertThat(archive("alice@example.com")).isEmpty();
        assertThat(bob.messages().get(0).element().element("urn:xmpp:sid:0", "stanza-id")).isNull();
    }

    @Test
    void pagesForwardAndBackward() throws Exception {
        for (int i = 0; i < 25; i++) {
            chat(alice, "bob@example.com", "m" + i);
        }
        List<String> all = archive("bob@example.com").stream().map(ArchiveStore.Entry::id).toList();

        List<Stanza> first = query(bob, "<set xmlns='" + RSM + "'><max>10</max></set>");
        List<Stanza> second = query(bob, "<set xmlns='" + RSM + "'><max>10</max><after>" + all.get(9)
                + "</after></set>");
        List<Stanza> third = query(bob, "<set xmlns='" + RSM + "'><max>10</max><after>" + all.get(19)
                + "</after></set>");
        List<Stanza> last = query(bob, "<set xmlns='" + RSM + "'><max>10</max><before/></set>");
        List<Stanza> beforeLast = query(bob, "<set xmlns='" + RSM + "'><max>10</max><before>" + all.get(15)
                + "</before></set>");

        assertThat(resultIds(first)).isEqualTo(all.subList(0, 10));
        assertThat(fin(first).attribute("complete")).isEqualTo("false");
        assertThat(fin(first).element(RSM, "set").childText(RSM, "first")).isEqualTo(all.get(0));
        assertThat(fin(first).element(RSM, "set").childText(RSM, "last")).isEqualTo(all.get(9));
        assertThat(fin(first).element(RSM, "set").childText(RSM, "count")).isEqualTo("25");
        assertThat(resultIds(second)).isEqualTo(all.subList(10, 20));
        assertThat(resultIds(third)).isEqualTo(all.subList(20, 25));
        assertThat(fin(third).attribute("complete")).isEqualTo("true");
        assertThat(resultIds(last)).isEqualTo(all.subList(15, 25));
        assertThat(fin(last).attribute("complete")).isEqualTo("false");
        assertThat(resultIds(beforeLast)).isEqualTo(all.subList(5, 15));
    }

    @Test
    void resultsCarryTheQueryIdDelayAndOriginal() throws Exception {
        chat(alice, "bob@example.com", "hello");

        List<Stanza> received = query(bob, "");

        Message result = (Message) received.get(0);
        assertThat(result.to()).hasToString("bob@example.com/desk");
        assertThat(result.from()).hasToString("bob@example.com");
        XmlElement r = result.element().element(NS, "result");
        assertThat(r.attribute("queryid")).isEqualTo("f27");
        XmlElement forwarded = r.element("urn:xmpp:forward:0", "forwarded");
        assertThat(forwarded.element("urn:xmpp:delay", "delay").attribute("stamp"))
                .isEqualTo("2026-03-01T10:01:00Z");
        XmlElement original = forwarded.element("jabber:client", "message");
        assertThat(original.attribute("from")).isEqualTo("alice@example.com/phone");
        assertThat(original.childText("jabber:client", "body")).isEqualTo("hello");
        assertThat(fin(received).attribute("complete")).isEqualTo("true");
    }

    @Test
    void filtersByWithTimeAndIds() throws Exception {
        RecordingSession carol = server.online("carol@example.com/x", 0);
        chat(alice, "bob@example.com", "a1"); // 10:01
        chat(carol, "bob@example.com", "c1"); // 10:02
        chat(bob, "alice@example.com", "b1"); // 10:03
        chat(alice, "bob@example.com", "a2"); // 10:04
        List<String> all = archive("bob@example.com").stream().map(ArchiveStore.Entry::id).toList();

        List<Stanza> withAlice = query(bob, form(field("with", "alice@example.com/other")));
        List<Stanza> window = query(bob, form(field("start", "2026-03-01T10:02:00Z")
                + field("end", "2026-03-01T11:03:00+01:00")));
        List<Stanza> byIds = query(bob, form("<field var='ids'><value>" + all.get(3) + "</value><value>"
                + all.get(0) + "</value></field>"));
        List<Stanza> between = query(bob, form(field("after-id", all.get(0)) + field("before-id", all.get(3))));

        assertThat(resultIds(withAlice)).containsExactly(all.get(0), all.get(2), all.get(3));
        assertThat(resultIds(window)).containsExactly(all.get(1), all.get(2));
        assertThat(resultIds(byIds)).containsExactly(all.get(0), all.get(3));
        assertThat(resultIds(between)).containsExactly(all.get(1), all.get(2));
    }

    @Test
    void flipPageSendsNewestFirst() throws Exception {
        chat(alice, "bob@example.com", "1");
        chat(alice, "bob@example.com", "2");
        List<String> all = archive("bob@example.com").stream().map(ArchiveStore.Entry::id).toList();

        List<Stanza> flipped = query(bob, "<flip-page/>");

        assertThat(resultIds(flipped)).containsExactly(all.get(1), all.get(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<set xmlns='http://jabber.org/protocol/rsm'><after>nope</after></set>|item-not-found",
        "<set xmlns='http://jabber.org/protocol/rsm'><before>nope</before></set>|item-not-found",
        "<set xmlns='http://jabber.org/protocol/rsm'><max>ten</max></set>|bad-request",
        "<x xmlns='jabber:x:data' type='submit'><field var='start'><value>yesterday</value></field></x>|bad-request",
        "<x xmlns='jabber:x:data' type='submit'><field var='with'><value>@@</value></field></x>|bad-request",
        "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>urn:other</value></field></x>|bad-request",
        "<x xmlns='jabber:x:data' type='submit'><field var='urn:example:search'><value>x</value></field></x>"
            + "|feature-not-implemented",
    })
    void refusesBadQueries(String payload, String condition) throws Exception {
        chat(alice, "bob@example.com", "x");

        assertThat(error(query(bob, payload)).elementName()).isEqualTo(condition);
    }

    @Test
    void onlyTheOwnerReadsTheArchive() throws Exception {
        chat(alice, "bob@example.com", "secret");
        alice.clear();

        server.send(alice, "<iq type='set' id='q' to='bob@example.com'><query xmlns='urn:xmpp:mam:2'/></iq>");

        assertThat(alice.messages()).isEmpty();
        assertThat(error(alice.received())).isEqualTo(Condition.FORBIDDEN);
    }

    @Test
    void returnsTheQueryForm() throws Exception {
        server.send(bob, "<iq type='get' id='f'><query xmlns='urn:xmpp:mam:2'/></iq>");

        XmlElement form = ((Iq) bob.received().get(0)).payload().element("jabber:x:data", "x");
        assertThat(form.elements()).extracting(f -> f.attribute("var"))
                .containsExactly("FORM_TYPE", "with", "start", "end", "before-id", "after-id", "ids");
    }

    @Test
    void returnsMetadata() throws Exception {
        server.send(bob, "<iq type='get' id='m0'><metadata xmlns='urn:xmpp:mam:2'/></iq>");
        chat(alice, "bob@example.com", "1");
        chat(alice, "bob@example.com", "2");
        List<String> all = archive("bob@example.com").stream().map(ArchiveStore.Entry::id).toList();
        server.send(bob, "<iq type='get' id='m1'><metadata xmlns='urn:xmpp:mam:2'/></iq>");

        XmlElement empty = ((Iq) bob.received().get(0)).payload();
        XmlElement metadata = ((Iq) bob.received().get(bob.received().size() - 1)).payload();
        assertThat(empty.elements()).isEmpty();
        assertThat(metadata.element(NS, "start").attribute("id")).isEqualTo(all.get(0));
        assertThat(metadata.element(NS, "start").attribute("timestamp")).isEqualTo("2026-03-01T10:01:00Z");
        assertThat(metadata.element(NS, "end").attribute("id")).isEqualTo(all.get(1));
    }

    @Test
    void preferencesDecideWhatIsArchivedAndAreStored() throws Exception {
        RecordingSession carol = server.online("carol@example.com/x", 0);
        server.send(bob, "<iq type='get' id='p0'><prefs xmlns='urn:xmpp:mam:2'/></iq>");
        server.send(bob, "<iq type='set' id='p1'><prefs xmlns='urn:xmpp:mam:2' default='never'>"
                + "<always><jid>alice@example.com</jid></always><never/></prefs></iq>");

        chat(alice, "bob@example.com", "kept");
        chat(carol, "bob@example.com", "not kept");
        chat(bob, "carol@example.com", "not kept either");

        assertThat(((Iq) bob.received().get(0)).payload().attribute("default")).isEqualTo("always");
        Iq set = (Iq) bob.received().get(1);
        assertThat(set.payload().attribute("default")).isEqualTo("never");
        assertThat(archive("bob@example.com")).extracting(e -> e.with()).containsExactly("alice@example.com");
        assertThat(archive("carol@example.com")).extracting(e -> e.with()) // carol's own preferences
                .containsExactly("bob@example.com", "bob@example.com");
        XmlElement stored = server.storage.keyValue("mam-prefs").get(bare("bob@example.com"), "")
                .toCompletableFuture().get().orElseThrow();
        assertThat(MamPrefs.parse(stored).always()).containsExactly(bare("alice@example.com"));
    }

    @Test
    void theRosterDefaultArchivesOnlyMessagesWithContacts() throws Exception {
        // Setup test fixture: the roster module too; Alice is on Bob's roster, Carol is not
        server.close();
        server = new RouterHarness(List.of("alice", "bob", "carol"), DiscoModule::new, RosterModule::new,
                () -> new MamModule(clock));
        alice = server.online("alice@example.com/phone", 0);
        bob = server.online("bob@example.com/desk", 0);
        RecordingSession carol = server.online("carol@example.com/x", 0);
        server.send(bob, "<iq type='set' id='r1'><query xmlns='jabber:iq:roster'>"
                + "<item jid='alice@example.com'/></query></iq>");
        server.send(bob, "<iq type='set' id='p1'><prefs xmlns='urn:xmpp:mam:2' default='roster'/></iq>");
        bob.clear();

        // Execute system under test
        chat(alice, "bob@example.com", "from a contact");
        chat(carol, "bob@example.com", "from a stranger");
        chat(bob, "carol@example.com", "to a stranger");
        chat(bob, "alice@example.com", "to a contact");
        server.close(bob);
        chat(carol, "bob@example.com", "from a stranger, offline");
        chat(alice, "bob@example.com", "from a contact, offline");

        // Verify results: only the contact's messages are archived, and only they carry a stanza-id
        List<Message> received = bob.received().stream().filter(Message.class::isInstance)
                .map(Message.class::cast).toList();
        assertThat(received).extracting(m -> m.from().bare().toString())
                .containsExactly("alice@example.com", "carol@example.com");
        assertThat(received.get(0).element().element(MamArchiver.SID, "stanza-id")).isNotNull();
        assertThat(received.get(1).element().element(MamArchiver.SID, "stanza-id")).isNull();
        assertThat(archive("bob@example.com")).extracting(e -> e.with())
                .containsExactly("alice@example.com", "alice@example.com", "alice@example.com");
    }

    @Test
    void storedPreferencesApplyToAnOfflineUser() throws Exception {
        server.send(bob, "<iq type='set' id='p1'><prefs xmlns='urn:xmpp:mam:2' default='never'/></iq>");
        server.close(bob);

        chat(alice, "bob@example.com", "while away");

        assertThat(archive("bob@example.com")).isEmpty();
    }

    @Test
    void advertisesItsFeaturesOnTheServerAndOnAccounts() throws Exception {
        server.send(bob, "<iq type='get' id='d1' to='bob@example.com'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");

        assertThat(server.router.discoInfo("example.com").features())
                .contains("urn:xmpp:mam:2", "urn:xmpp:mam:2#extended", "urn:xmpp:sid:0");
        XmlElement info = ((Iq) bob.received().get(0)).payload();
        assertThat(info.elements()).extracting(e -> e.attribute("var"))
                .contains("urn:xmpp:mam:2", "urn:xmpp:mam:2#extended", "urn:xmpp:sid:0");
    }

    private static String form(String fields) {
        return "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2"
                + "</value></field>" + fields + "</x>";
    }

    private static String field(String var, String value) {
        return "<field var='" + var + "'><value>" + value + "</value></field>";
    }
}
