package dev.xmppd.im.pep;

import static dev.xmppd.im.pep.PepTestSupport.PUBSUB;
import static dev.xmppd.im.pep.PepTestSupport.TUNE;
import static dev.xmppd.im.pep.PepTestSupport.answerCaps;
import static dev.xmppd.im.pep.PepTestSupport.befriend;
import static dev.xmppd.im.pep.PepTestSupport.events;
import static dev.xmppd.im.pep.PepTestSupport.notifiedIds;
import static dev.xmppd.im.pep.PepTestSupport.online;
import static dev.xmppd.im.pep.PepTestSupport.publish;
import static dev.xmppd.im.pep.PepTestSupport.tune;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.disco.DiscoModule;
import dev.xmppd.core.disco.EntityCaps;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.testing.MiscHarness;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** XEP-0163 through the real router with disco, roster, presence and pep on memory storage. */
class PepModuleTest {
    private static final List<String> NOTIFY_TUNE = List.of("http://jabber.org/protocol/caps",
            TUNE, TUNE + "+notify");
    private static final List<String> NO_NOTIFY = List.of("http://jabber.org/protocol/caps", TUNE);

    private MiscHarness server;
    private int requests;
    private RecordingSession alice;
    private RecordingSession bob;
    private RecordingSession carol;

    @BeforeEach
    void setUp() throws Exception {
        server = MiscHarness.start(PepTestSupport.FACTORIES, PepTestSupport.MODULES, "alice", "bob", "carol");
        alice = server.online("alice@example.com/phone");
        bob = server.online("bob@example.com/desk");
        carol = server.online("carol@example.com/pad"); // not a contact of alice
        befriend(server, alice, bob);
        alice.clear();
        bob.clear();
        carol.clear();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private static String error(Iq reply) {
        XmlElement error = reply.element().element(reply.element().namespace(), "error");
        return MiscHarness.error(reply).condition().elementName() + error.elements().stream()
                .filter(e -> e.namespace().equals(PubsubException.ERRORS)).map(e -> "/" + e.name())
                .findFirst().orElse("");
    }

    private Iq items(RecordingSession from, String node, String extra) throws Exception {
        return server.iq(from, "<iq type='get' id='items" + (++requests) + "' to='alice@example.com'><pubsub xmlns='" + PUBSUB + "'>"
                + "<items node='" + node + "'" + extra + "/></pubsub></iq>");
    }

    @Test
    void theBareJidIsAPepServiceInDisco() throws Exception {
        // Execute
        Iq info = server.iq(bob, "<iq type='get' id='d1' to='alice@example.com'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");

        // Verify
        assertThat(info.payload().elements()).anySatisfy(e -> {
            assertThat(e.attribute("category")).isEqualTo("pubsub");
            assertThat(e.attribute("type")).isEqualTo("pep");
        });
        assertThat(info.payload().elements().stream().map(e -> e.attribute("var")).toList())
                .contains(PUBSUB + "#publish", PUBSUB + "#auto-create", PUBSUB + "#publish-options",
                        PUBSUB + "#filtered-notifications", PUBSUB + "#access-whitelist", PUBSUB + "#last-published");
    }

    @Test
    void publishAutoCreatesWithDefaultsAndGeneratesAnId() throws Exception {
        // Execute
        Iq reply = server.iq(alice, publish(TUNE, null, tune("One")).replace("id='pub-null'", "id='p'"));

        // Verify
        assertThat(reply.type()).isEqualTo(IqType.RESULT);
        String id = reply.payload().firstElement().firstElement().attribute("id");
        assertThat(id).isNotBlank();
        Iq got = items(alice, TUNE, "");
        assertThat(got.payload().firstElement().elements()).singleElement()
                .satisfies(i -> assertThat(i.attribute("id")).isEqualTo(id));
        Iq config = server.iq(alice, "<iq type='get' id='c'><pubsub xmlns='" + Requests.OWNER + "'>"
                + "<configure node='" + TUNE + "'/></pubsub></iq>");
        assertThat(config.payload().firstElement().firstElement().toXml())
                .contains("<value>presence</value>").contains("pubsub#max_items");
    }

    @Test
    void notifiesOnlyResourcesWithNotifyCapsThatMayAccess() throws Exception {
        // Setup: bob wants tunes, alice's own resource too; carol wants them but is no contact
        online(server, bob, NOTIFY_TUNE);
        online(server, alice, NOTIFY_TUNE);
        online(server, carol, NOTIFY_TUNE);
        RecordingSession bobLaptop = server.bind("bob@example.com/laptop");
        online(server, bobLaptop, NO_NOTIFY);

        // Execute
        server.iq(alice, publish(TUNE, "t1", tune("One")));

        // Verify
        assertThat(notifiedIds(bob)).containsExactly("t1");
        assertThat(bob.messages().get(0).type()).isEqualTo(MessageType.HEADLINE);
        assertThat(bob.messages().get(0).from().toString()).isEqualTo("alice@example.com");
        assertThat(notifiedIds(alice)).containsExactly("t1");
        assertThat(events(bobLaptop)).isEmpty();
        assertThat(events(carol)).isEmpty();
    }

    @Test
    void oneCapsQueryServesEveryResourceWithTheSameVerificationString() throws Exception {
        // Setup
        online(server, bob, NOTIFY_TUNE);
        RecordingSession bobLaptop = server.bind("bob@example.com/laptop");

        // Execute
        server.send(bobLaptop, PepTestSupport.presence(NOTIFY_TUNE));

        // Verify: no query, the cached answer is used
        assertThat(answerCaps(server, bobLaptop, NOTIFY_TUNE)).isZero();
        server.iq(alice, publish(TUNE, "t1", tune("One")));
        assertThat(notifiedIds(bobLaptop)).containsExactly("t1");
    }

    @Test
    void anAnswerWithAnExtendedFormVerifiesAndServesTheNextResource() throws Exception {
        // Setup: Conversations and others add a XEP-0232 software information form to their disco#info
        String form = "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'>"
                + "<value>urn:xmpp:dataforms:softwareinfo</value></field>"
                + "<field var='software'><value>Conversations</value></field></x>";
        String ver = EntityCaps.verification(PepTestSupport.IDENTITY, NOTIFY_TUNE, List.of(TestXml.parse(form)));
        String presence = "<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1'"
                + " node='https://test.example' ver='" + ver + "'/></presence>";
        server.send(bob, presence);
        Iq query = bob.pushes().stream().filter(iq -> iq.payload().is(DiscoModule.INFO, "query")).findFirst()
                .orElseThrow();
        server.send(bob, "<iq type='result' id='" + query.id() + "' to='" + query.from() + "'><query xmlns='"
                + DiscoModule.INFO + "' node='" + query.payload().attribute("node") + "'>"
                + "<identity category='client' type='pc' name='Test'/>"
                + NOTIFY_TUNE.stream().map(f -> "<feature var='" + f + "'/>").collect(Collectors.joining())
                + form + "</query></iq>");
        RecordingSession bobLaptop = server.bind("bob@example.com/laptop");

        // Execute
        server.send(bobLaptop, presence);
        server.iq(alice, publish(TUNE, "t1", tune("One")));

        // Verify: the answer verified, so the laptop with the same string was not asked
        assertThat(bobLaptop.pushes()).noneMatch(iq -> iq.payload().is(DiscoModule.INFO, "query"));
        assertThat(notifiedIds(bobLaptop)).containsExactly("t1");
    }

    @Test
    void aNewResourceWithNotifyGetsTheLastPublishedItem() throws Exception {
        // Setup
        server.iq(alice, publish(TUNE, "t1", tune("One")));
        server.iq(alice, publish(TUNE, "t2", tune("Two")));
        RecordingSession bobLaptop = server.bind("bob@example.com/laptop");

        // Execute
        server.send(bobLaptop, PepTestSupport.presence(NOTIFY_TUNE));
        answerCapsKeepingMessages(bobLaptop);

        // Verify
        assertThat(notifiedIds(bobLaptop)).containsExactly("t2");
    }

    @Test
    void aFilterChangeDeliversTheLastItemAndLaterOnes() throws Exception {
        // Setup: bob first without the +notify
        online(server, bob, NO_NOTIFY);
        server.iq(alice, publish(TUNE, "t1", tune("One")));
        assertThat(events(bob)).isEmpty();

        // Execute
        server.send(bob, PepTestSupport.presence(NOTIFY_TUNE));
        answerCapsKeepingMessages(bob);
        server.iq(alice, publish(TUNE, "t2", tune("Two")));

        // Verify
        assertThat(notifiedIds(bob)).containsExactly("t1", "t2");
    }

    @Test
    void unavailableContactsGetNothing() throws Exception {
        // Setup
        online(server, bob, NOTIFY_TUNE);
        server.send(bob, "<presence type='unavailable'/>");
        bob.clear();

        // Execute
        server.iq(alice, publish(TUNE, "t1", tune("One")));

        // Verify
        assertThat(events(bob)).isEmpty();
    }

    @Test
    void accessModelsDecideWhoReadsItems() throws Exception {
        // Setup
        server.iq(alice, publish(TUNE, "t1", tune("One")));

        // Execute + Verify: presence model
        assertThat(items(bob, TUNE, "").type()).isEqualTo(IqType.RESULT);
        assertThat(error(items(carol, TUNE, ""))).isEqualTo("not-authorized/presence-subscription-required");

        // open
        configure(TUNE, "pubsub#access_model", "open");
        assertThat(items(carol, TUNE, "").type()).isEqualTo(IqType.RESULT);

        // whitelist: the owner only
        configure(TUNE, "pubsub#access_model", "whitelist");
        assertThat(error(items(bob, TUNE, ""))).isEqualTo("not-allowed/closed-node");
        assertThat(items(alice, TUNE, "").type()).isEqualTo(IqType.RESULT);

        // unknown node
        assertThat(error(items(bob, "urn:nothing", ""))).isEqualTo("item-not-found");
    }

    @Test
    void onlyTheOwnerPublishes() throws Exception {
        // Execute
        Iq reply = server.iq(bob, publish(TUNE, "t1", tune("One")).replace("<iq ", "<iq to='alice@example.com' "));

        // Verify
        assertThat(error(reply)).isEqualTo("forbidden");
    }

    @Test
    void publishOptionsConfigureANewNodeAndArePreconditionsOnAnExistingOne() throws Exception {
        // Setup
        String bookmarks = "urn:xmpp:bookmarks:1";
        String options = options("true", "max", "whitelist");

        // Execute
        Iq first = server.iq(alice, withOptions(publish(bookmarks, "room@muc", "<conference xmlns='"
                + bookmarks + "'/>"), options));
        Iq second = server.iq(alice, withOptions(publish(bookmarks, "other@muc", "<conference xmlns='"
                + bookmarks + "'/>"), options));
        Iq mismatch = server.iq(alice, withOptions(publish(bookmarks, "third@muc", "<conference xmlns='"
                + bookmarks + "'/>"), options("true", "max", "open")).replace("pub-third@muc", "mismatch"));

        // Verify
        assertThat(first.type()).isEqualTo(IqType.RESULT);
        assertThat(second.type()).isEqualTo(IqType.RESULT);
        assertThat(error(mismatch)).isEqualTo("conflict/precondition-not-met");
        assertThat(items(alice, bookmarks, "").payload().firstElement().elements()).extracting(e -> e.attribute("id"))
                .containsExactly("room@muc", "other@muc");
        assertThat(error(items(bob, bookmarks, ""))).isEqualTo("not-allowed/closed-node");
    }

    @Test
    void maxItemsTrimsTheOldestAndLimitsRetrieval() throws Exception {
        // Setup
        server.iq(alice, publish(TUNE, "t1", tune("One")));
        configure(TUNE, "pubsub#max_items", "2");

        // Execute
        server.iq(alice, publish(TUNE, "t2", tune("Two")));
        server.iq(alice, publish(TUNE, "t3", tune("Three")));
        server.iq(alice, publish(TUNE, "t2", tune("Two again")));

        // Verify
        assertThat(items(alice, TUNE, "").payload().firstElement().elements()).extracting(e -> e.attribute("id"))
                .containsExactly("t3", "t2");
        assertThat(items(alice, TUNE, " max_items='1'").payload().firstElement().elements())
                .extracting(e -> e.attribute("id")).containsExactly("t2");
        Iq byId = server.iq(alice, "<iq type='get' id='byid'><pubsub xmlns='" + PUBSUB + "'><items node='" + TUNE
                + "'><item id='t3'/></items></pubsub></iq>");
        assertThat(byId.payload().firstElement().elements()).extracting(e -> e.attribute("id")).containsExactly("t3");
    }

    @Test
    void retractNotifiesAndAnUnknownItemIsNotFound() throws Exception {
        // Setup
        online(server, bob, NOTIFY_TUNE);
        server.iq(alice, publish(TUNE, "t1", tune("One")));
        bob.clear();

        // Execute
        Iq retract = server.iq(alice, retract("t1", "r1"));
        Iq again = server.iq(alice, retract("t1", "r2"));

        // Verify
        assertThat(retract.type()).isEqualTo(IqType.RESULT);
        assertThat(events(bob)).singleElement().satisfies(e ->
                assertThat(e.firstElement().toXml()).contains("retract").contains("t1"));
        assertThat(error(again)).isEqualTo("item-not-found");
    }

    @Test
    void configurationRoundTripsAndRejectsBadValues() throws Exception {
        // Setup
        server.iq(alice, publish(TUNE, "t1", tune("One")));

        // Execute
        Iq set = configure(TUNE, "pubsub#max_items", "max");
        Iq bad = configure(TUNE, "pubsub#access_model", "authorize");
        Iq got = server.iq(alice, "<iq type='get' id='cg'><pubsub xmlns='" + Requests.OWNER + "'>"
                + "<configure node='" + TUNE + "'/></pubsub></iq>");
        Iq notOwner = server.iq(bob, "<iq type='get' id='co' to='alice@example.com'><pubsub xmlns='"
                + Requests.OWNER + "'><configure node='" + TUNE + "'/></pubsub></iq>");

        // Verify
        assertThat(set.type()).isEqualTo(IqType.RESULT);
        assertThat(error(bad)).isEqualTo("not-acceptable/unsupported-access-model");
        assertThat(got.payload().firstElement().firstElement().toXml()).contains("<value>1000</value>");
        assertThat(error(notOwner)).isEqualTo("forbidden");
    }

    @Test
    void deleteAndPurgeNotifyAndRemove() throws Exception {
        // Setup
        online(server, bob, NOTIFY_TUNE);
        server.iq(alice, publish(TUNE, "t1", tune("One")));
        bob.clear();

        // Execute
        Iq purge = server.iq(alice, owner("purge", TUNE));
        Iq afterPurge = items(alice, TUNE, "");
        Iq delete = server.iq(alice, owner("delete", TUNE));
        Iq afterDelete = items(alice, TUNE, "");
        Iq deleteAgain = server.iq(alice, owner("delete", TUNE).replace("id='delete'", "id='delete2'"));

        // Verify
        assertThat(purge.type()).isEqualTo(IqType.RESULT);
        assertThat(afterPurge.payload().firstElement().elements()).isEmpty();
        assertThat(delete.type()).isEqualTo(IqType.RESULT);
        assertThat(error(afterDelete)).isEqualTo("item-not-found");
        assertThat(error(deleteAgain)).isEqualTo("item-not-found");
        assertThat(events(bob)).extracting(XmlElement::name).containsExactly("purge", "delete");
    }

    @Test
    void discoItemsListsTheNodesTheRequesterMayAccess() throws Exception {
        // Setup
        server.iq(alice, publish(TUNE, "t1", tune("One")));
        server.iq(alice, publish("urn:xmpp:omemo:2:devices", "current", "<devices xmlns='urn:xmpp:omemo:2'/>"));
        server.iq(alice, "<iq type='set' id='cfg'><pubsub xmlns='" + Requests.OWNER + "'><configure node='"
                + "urn:xmpp:omemo:2:devices'>" + form("pubsub#access_model", "open") + "</configure></pubsub></iq>");

        // Execute
        List<String> forAlice = discoItems(alice);
        List<String> forCarol = discoItems(carol);

        // Verify
        assertThat(forAlice).containsExactly(TUNE, "urn:xmpp:omemo:2:devices");
        assertThat(forCarol).containsExactly("urn:xmpp:omemo:2:devices");
        Iq nodeInfo = server.iq(carol, "<iq type='get' id='ni' to='alice@example.com'><query xmlns='"
                + "http://jabber.org/protocol/disco#info' node='urn:xmpp:omemo:2:devices'/></iq>");
        assertThat(nodeInfo.payload().firstElement().attribute("type")).isEqualTo("leaf");
        Iq hidden = server.iq(carol, "<iq type='get' id='nh' to='alice@example.com'><query xmlns='"
                + "http://jabber.org/protocol/disco#info' node='" + TUNE + "'/></iq>");
        assertThat(MiscHarness.error(hidden).condition()).isEqualTo(Condition.ITEM_NOT_FOUND);
    }

    @Test
    void nodesSurviveARestart() throws Exception {
        // Setup
        server.iq(alice, publish(TUNE, "t1", tune("Kept")));
        server.close();

        // Execute
        server = new MiscHarness(server.storage, PepTestSupport.FACTORIES, PepTestSupport.MODULES);
        RecordingSession again = server.bind("alice@example.com/phone");

        // Verify
        assertThat(items(again, TUNE, "").payload().firstElement().firstElement().toXml()).contains("Kept");
    }

    private List<String> discoItems(RecordingSession from) throws Exception {
        Iq reply = server.iq(from, "<iq type='get' id='di' to='alice@example.com'><query xmlns='"
                + "http://jabber.org/protocol/disco#items'/></iq>");
        return reply.payload().elements().stream().map(e -> e.attribute("node")).toList();
    }

    /** Answers the caps query without forgetting the notifications already received. */
    private void answerCapsKeepingMessages(RecordingSession s) throws Exception {
        List<Iq> queries = s.pushes();
        for (Iq q : queries) {
            server.send(s, "<iq type='result' id='" + q.id() + "' to='" + q.from() + "'>"
                    + "<query xmlns='http://jabber.org/protocol/disco#info' node='"
                    + q.payload().attribute("node") + "'><identity category='client' type='pc' name='Test'/>"
                    + NOTIFY_TUNE.stream().map(f -> "<feature var='" + f + "'/>").reduce("", String::concat)
                    + "</query></iq>");
        }
    }

    private Iq configure(String node, String var, String value) throws Exception {
        return server.iq(alice, "<iq type='set' id='cfg" + (++requests) + "'><pubsub xmlns='" + Requests.OWNER
                + "'><configure node='" + node + "'>" + form(var, value) + "</configure></pubsub></iq>");
    }

    private static String form(String var, String value) {
        return "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>"
                + ConfigForm.NODE_CONFIG + "</value></field><field var='" + var + "'><value>" + value
                + "</value></field></x>";
    }

    private static String options(String persist, String max, String access) {
        return "<publish-options><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>"
                + "<value>" + ConfigForm.PUBLISH_OPTIONS + "</value></field>"
                + "<field var='pubsub#persist_items'><value>" + persist + "</value></field>"
                + "<field var='pubsub#max_items'><value>" + max + "</value></field>"
                + "<field var='pubsub#send_last_published_item'><value>never</value></field>"
                + "<field var='pubsub#access_model'><value>" + access + "</value></field></x></publish-options>";
    }

    private static String withOptions(String publish, String options) {
        return publish.replace("</publish>", "</publish>" + options);
    }

    private static String retract(String itemId, String id) {
        return "<iq type='set' id='" + id + "'><pubsub xmlns='" + PUBSUB + "'><retract node='" + TUNE
                + "' notify='true'><item id='" + itemId + "'/></retract></pubsub></iq>";
    }

    private static String owner(String op, String node) {
        return "<iq type='set' id='" + op + "'><pubsub xmlns='" + Requests.OWNER + "'><" + op + " node='" + node
                + "'/></pubsub></iq>";
    }

    @Test
    void aRemoteContactGetsNotificationsThroughTheRouter() throws Exception {
        // Setup: romeo@remote.example is subscribed to alice; his presence and caps answer come over federation
        List<Stanza> remote = new CopyOnWriteArrayList<>();
        server.router.remoteDelivery(remote::add);
        route("<presence from='romeo@remote.example' to='alice@example.com' type='subscribe'/>");
        server.send(alice, "<presence to='romeo@remote.example' type='subscribed'/>");
        route(PepTestSupport.presence(NOTIFY_TUNE)
                .replace("<presence>", "<presence from='romeo@remote.example/garden' to='alice@example.com'>"));
        Iq query = remote.stream().filter(s -> s instanceof Iq iq && iq.type() == IqType.GET).map(Iq.class::cast)
                .findFirst().orElseThrow();
        route("<iq type='result' id='" + query.id() + "' from='romeo@remote.example/garden' to='example.com'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info' node='" + query.payload().attribute("node")
                + "'><identity category='client' type='pc' name='Test'/>"
                + NOTIFY_TUNE.stream().map(f -> "<feature var='" + f + "'/>").reduce("", String::concat)
                + "</query></iq>");
        remote.clear();

        // Execute
        server.iq(alice, publish(TUNE, "t1", tune("One")));

        // Verify
        assertThat(remote).singleElement().satisfies(s -> {
            assertThat(s.to().toString()).isEqualTo("romeo@remote.example/garden");
            assertThat(s.element().toXml()).contains("pubsub#event").contains("t1");
        });
    }

    @Test
    void deletingTheAccountDeletesItsNodes() throws Exception {
        // Setup
        server.iq(alice, publish(TUNE, "t1", tune("One")));
        BareJid owner = BareJid.parse("alice@example.com");

        // Execute
        server.storage.accounts().delete(owner).toCompletableFuture().get(5, TimeUnit.SECONDS);

        // Verify
        assertThat(server.storage.keyValue(PepStore.STORE).getAll(owner).toCompletableFuture()
                .get(5, TimeUnit.SECONDS)).isEmpty();
    }

    private void route(String xml) throws Exception {
        server.router.route(Stanza.parse(TestXml.parse(xml))).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void malformedAndUnsupportedRequestsGetPubsubErrors() throws Exception {
        // Execute
        Iq noNode = server.iq(alice, "<iq type='set' id='e1'><pubsub xmlns='" + PUBSUB + "'><publish>"
                + "<item>" + tune("x") + "</item></publish></pubsub></iq>");
        Iq noItem = server.iq(alice, "<iq type='set' id='e2'><pubsub xmlns='" + PUBSUB + "'><publish node='"
                + TUNE + "'/></pubsub></iq>");
        Iq noPayload = server.iq(alice, "<iq type='set' id='e3'><pubsub xmlns='" + PUBSUB + "'><publish node='"
                + TUNE + "'><item id='a'/></publish></pubsub></iq>");
        Iq tooBig = server.iq(alice, publish(TUNE, "big", tune("x".repeat(Publishing.MAX_ITEM_BYTES))));
        Iq subscribe = server.iq(bob, "<iq type='set' id='e5' to='alice@example.com'><pubsub xmlns='" + PUBSUB
                + "'><subscribe node='" + TUNE + "' jid='bob@example.com'/></pubsub></iq>");

        // Verify
        assertThat(error(noNode)).isEqualTo("bad-request/nodeid-required");
        assertThat(error(noItem)).isEqualTo("bad-request/item-required");
        assertThat(error(noPayload)).isEqualTo("bad-request/payload-required");
        assertThat(error(tooBig)).isEqualTo("not-acceptable/payload-too-big");
        assertThat(error(subscribe)).isEqualTo("feature-not-implemented/unsupported");
        assertThat(subscribe.element().toXml()).contains("feature='subscribe'").doesNotContain("<subscribe ");
    }
}
