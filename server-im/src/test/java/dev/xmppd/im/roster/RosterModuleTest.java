package dev.xmppd.im.roster;

import static dev.xmppd.im.roster.RosterHarness.pushedItems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.StreamStage;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Roster get, set and remove (RFC 6121 §2), pushes and versioning (§2.6), through the real router. */
class RosterModuleTest {
    private static final String GET = "<iq type='get' id='g1'><query xmlns='jabber:iq:roster'/></iq>";

    private RosterHarness server;
    private RecordingSession phone;
    private RecordingSession desk;

    @BeforeEach
    void setUp() throws Exception {
        server = RosterHarness.start("alice", "bob", "carol");
        phone = server.bind("alice@example.com/phone");
        desk = server.bind("alice@example.com/desk");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private static String set(String item) {
        return "<iq type='set' id='s1'><query xmlns='jabber:iq:roster'>" + item + "</query></iq>";
    }

    private static Condition errorOf(Iq iq) {
        assertThat(iq.type()).isEqualTo(IqType.ERROR);
        return StanzaError.fromElement(iq.element().element("jabber:client", "error")).condition();
    }

    @Test
    void aDeletedAccountsRosterTakesNoMoreChangesWhileItsSessionsAreStillOpen() throws Exception {
        // Setup test fixture: alice's roster is loaded (her sessions are bound and asked for it)
        server.iq(phone, GET);
        RecordingSession bob = server.bind("bob@example.com/desk");
        server.send(bob, "<presence/>");
        BareJid alice = BareJid.parse("alice@example.com");

        // Execute system under test: the account goes in the roster's turn, then a request arrives for it
        boolean deleted = server.rosterService().deleteAccount(alice, view -> { },
                () -> server.storage.accounts().delete(alice)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        server.send(bob, "<presence to='alice@example.com' type='subscribe'/>");

        // Verify results: RFC 6121 §3.1.3, no such user; nothing stored for the deleted account
        assertThat(deleted).isTrue();
        assertThat(bob.presenceLines()).contains("unsubscribed alice@example.com");
        assertThat(server.storage.keyValue("roster").getAll(alice).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEmpty();
    }

    @Test
    void emptyRosterHasAVersion() throws Exception {
        Iq result = server.iq(phone, GET);

        assertThat(result.type()).isEqualTo(IqType.RESULT);
        assertThat(result.payload().attribute("ver")).isEqualTo("0");
        assertThat(result.payload().elements()).isEmpty();
    }

    @Test
    void setAddsTheItemAndPushesToInterestedResourcesOnly() throws Exception {
        server.iq(phone, GET);
        phone.clear();

        // Execute system under test
        Iq result = server.iq(phone, set("<item jid='Nurse@Example.com' name='Nurse'><group>Servants</group>"
                + "<group>Staff</group></item>"));

        // Verify results: RFC 6121 §2.3.2, the push goes to the resource that asked for the roster, not to the other
        assertThat(result.type()).isEqualTo(IqType.RESULT);
        assertThat(pushedItems(phone)).singleElement().satisfies(item -> {
            assertThat(item.attribute("jid")).isEqualTo("nurse@example.com");
            assertThat(item.attribute("name")).isEqualTo("Nurse");
            assertThat(item.attribute("subscription")).isEqualTo("none");
            assertThat(item.elements()).extracting(XmlElement::text).containsExactly("Servants", "Staff");
        });
        assertThat(phone.received()).filteredOn(s -> s instanceof Iq iq && iq.type() == IqType.SET)
                .allSatisfy(push -> assertThat(push.from()).hasToString("alice@example.com"));
        assertThat(pushedItems(desk)).isEmpty();
        Iq roster = server.iq(desk, GET);
        assertThat(roster.payload().elements()).singleElement()
                .satisfies(i -> assertThat(i.attribute("name")).isEqualTo("Nurse"));
    }

    @Test
    void updateReplacesNameAndGroupsAndKeepsTheSubscription() throws Exception {
        server.iq(phone, GET);
        server.send(phone, "<presence to='bob@example.com' type='subscribe'/>");
        server.iq(phone, set("<item jid='bob@example.com' name='Bob'><group>A</group></item>"));
        phone.clear();

        server.iq(phone, set("<item jid='bob@example.com' subscription='both' ask='subscribe'><group>B</group></item>"));

        // RFC 6121 §2.1.2.5: 'subscription' and 'ask' from a client are ignored
        assertThat(pushedItems(phone)).singleElement().satisfies(item -> {
            assertThat(item.attribute("name")).isNull();
            assertThat(item.attribute("subscription")).isEqualTo("none");
            assertThat(item.attribute("ask")).isEqualTo("subscribe");
            assertThat(item.elements()).extracting(XmlElement::text).containsExactly("B");
        });
    }

    @Test
    void versionsGrowAndACurrentVersionGetsAnEmptyResult() throws Exception {
        String v0 = server.iq(phone, GET).payload().attribute("ver");
        server.iq(phone, set("<item jid='nurse@example.com'/>"));
        String pushed = pushedItems(phone).isEmpty() ? null
                : ((Iq) phone.received().stream().filter(s -> s instanceof Iq iq && iq.type() == IqType.SET)
                        .findFirst().orElseThrow()).payload().attribute("ver");

        Iq current = server.iq(phone, "<iq type='get' id='g2'><query xmlns='jabber:iq:roster' ver='" + pushed
                + "'/></iq>");
        Iq stale = server.iq(phone, "<iq type='get' id='g3'><query xmlns='jabber:iq:roster' ver='" + v0
                + "'/></iq>");

        // RFC 6121 §2.6.3
        assertThat(pushed).isNotNull().isNotEqualTo(v0);
        assertThat(current.type()).isEqualTo(IqType.RESULT);
        assertThat(current.payload()).isNull();
        assertThat(stale.payload().attribute("ver")).isEqualTo(pushed);
        assertThat(stale.payload().elements()).hasSize(1);
    }

    @Test
    void offersRosterVersioningAndPreApprovalStreamFeatures() {
        List<XmlElement> features = server.router.streamFeatures(RosterHarness.HOST, StreamStage.POST_AUTH, phone);

        assertThat(features).contains(XmlElement.empty("urn:xmpp:features:rosterver", "ver"),
                XmlElement.empty("urn:xmpp:features:pre-approval", "sub"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            two items        | <item jid='a@example.com'/><item jid='b@example.com'/> | BAD_REQUEST
            no item          | ''                                                     | BAD_REQUEST
            no jid           | <item name='x'/>                                       | BAD_REQUEST
            malformed jid    | <item jid='a@b@c'/>                                    | JID_MALFORMED
            full jid         | <item jid='a@example.com/r'/>                          | BAD_REQUEST
            own jid          | <item jid='alice@example.com'/>                        | NOT_ALLOWED
            empty group      | <item jid='a@example.com'><group/></item>              | NOT_ACCEPTABLE
            duplicate groups | <item jid='a@example.com'><group>g</group><group>g</group></item> | BAD_REQUEST
            """)
    void refusesBadSets(String name, String items, Condition expected) throws Exception {
        Iq reply = server.iq(phone, set(items));

        assertThat(errorOf(reply)).isEqualTo(expected);
        assertThat(server.iq(phone, GET).payload().elements()).isEmpty();
    }

    @Test
    void refusesTooLongNamesAndGroups() throws Exception {
        String longText = "n".repeat(RosterSet.MAX_TEXT + 1);

        Iq name = server.iq(phone, set("<item jid='a@example.com' name='" + longText + "'/>"));
        Iq group = server.iq(phone, set("<item jid='a@example.com'><group>" + longText + "</group></item>"));

        assertThat(errorOf(name)).isEqualTo(Condition.NOT_ACCEPTABLE);
        assertThat(errorOf(group)).isEqualTo(Condition.NOT_ACCEPTABLE);
    }

    @Test
    void anotherAccountMayNotReadOrChangeTheRoster() throws Exception {
        RecordingSession bob = server.bind("bob@example.com/desk");

        Iq get = server.iq(bob, "<iq type='get' id='x1' to='alice@example.com'>"
                + "<query xmlns='jabber:iq:roster'/></iq>");
        Iq set = server.iq(bob, "<iq type='set' id='x2' to='alice@example.com'><query xmlns='jabber:iq:roster'>"
                + "<item jid='mallory@example.com'/></query></iq>");

        assertThat(errorOf(get)).isEqualTo(Condition.FORBIDDEN);
        assertThat(errorOf(set)).isEqualTo(Condition.FORBIDDEN);
        assertThat(server.iq(phone, GET).payload().elements()).isEmpty();
    }

    @Test
    void removingAnUnknownItemIsItemNotFound() throws Exception {
        Iq reply = server.iq(phone, set("<item jid='nobody@example.com' subscription='remove'/>"));

        assertThat(errorOf(reply)).isEqualTo(Condition.ITEM_NOT_FOUND);
    }

    @Test
    void removePushesTheRemoval() throws Exception {
        server.iq(phone, GET);
        server.iq(phone, set("<item jid='nurse@example.com'/>"));
        phone.clear();

        Iq reply = server.iq(phone, set("<item jid='nurse@example.com' subscription='remove'/>"));

        assertThat(reply.type()).isEqualTo(IqType.RESULT);
        assertThat(pushedItems(phone)).singleElement().satisfies(item -> {
            assertThat(item.attribute("jid")).isEqualTo("nurse@example.com");
            assertThat(item.attribute("subscription")).isEqualTo("remove");
        });
        assertThat(server.iq(phone, GET).payload().elements()).isEmpty();
    }

    @Test
    void rosterSizeIsLimited() throws Exception {
        server.close();
        server = RosterHarness.start(new MemoryStorageProvider(), List.of("roster"), 2, "alice");
        phone = server.bind("alice@example.com/phone");
        server.iq(phone, set("<item jid='a@example.com'/>"));
        server.iq(phone, set("<item jid='b@example.com'/>"));

        Iq third = server.iq(phone, "<iq type='set' id='s3'><query xmlns='jabber:iq:roster'>"
                + "<item jid='c@example.com'/></query></iq>");
        Iq update = server.iq(phone, "<iq type='set' id='s4'><query xmlns='jabber:iq:roster'>"
                + "<item jid='a@example.com' name='A'/></query></iq>");

        assertThat(errorOf(third)).isEqualTo(Condition.NOT_ALLOWED);
        assertThat(StanzaError.fromElement(third.element().element("jabber:client", "error")).text())
                .isEqualTo("roster size: 2 items (expected: < 2)");
        assertThat(update.type()).isEqualTo(IqType.RESULT);
    }

    @Test
    void rosterSurvivesARestart() throws Exception {
        server.iq(phone, set("<item jid='nurse@example.com' name='Nurse'><group>Servants</group></item>"));
        Iq before = server.iq(phone, GET);
        server.close();

        server = new RosterHarness(server.storage, List.of("roster", "presence"), RosterModule.DEFAULT_MAX_ITEMS);
        RecordingSession again = server.bind("alice@example.com/phone");
        Iq after = server.iq(again, GET);

        assertThat(after.payload()).isEqualTo(before.payload());
        assertThat(after.payload().attribute("ver")).isEqualTo("1");
    }

    @Test
    void aRosterLeavesMemoryWithTheLastSession() throws Exception {
        server.iq(phone, set("<item jid='nurse@example.com'/>"));
        assertThat(server.isLoaded("alice@example.com")).isTrue();

        server.close(phone);
        assertThat(server.isLoaded("alice@example.com")).isTrue();
        server.close(desk);

        assertThat(server.isLoaded("alice@example.com")).isFalse();
        RecordingSession again = server.bind("alice@example.com/tablet");
        assertThat(server.iq(again, GET).payload().elements()).hasSize(1);
    }
}
