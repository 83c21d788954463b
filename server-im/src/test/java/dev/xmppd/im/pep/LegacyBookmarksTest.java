package dev.xmppd.im.pep;

import static dev.xmppd.im.pep.PepTestSupport.PUBSUB;
import static dev.xmppd.im.pep.PepTestSupport.events;
import static dev.xmppd.im.pep.PepTestSupport.online;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.presence.PresenceModuleFactory;
import dev.xmppd.im.privatexml.PrivateXmlModuleFactory;
import dev.xmppd.im.roster.RosterModuleFactory;
import dev.xmppd.im.testing.MiscHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** XEP-0402 §5: bookmarks in private XML storage (XEP-0048) and in the urn:xmpp:bookmarks:1 node are one list. */
class LegacyBookmarksTest {
    private static final String NODE = LegacyBookmarks.NODE;
    private static final List<String> NOTIFY_BOOKMARKS = List.of("http://jabber.org/protocol/caps", NODE,
            NODE + "+notify");

    private MiscHarness server;
    private RecordingSession alice;
    private int ids;

    @BeforeEach
    void setUp() throws Exception {
        server = MiscHarness.start(List.of(new DiscoModuleFactory(), new RosterModuleFactory(),
                new PresenceModuleFactory(), new PrivateXmlModuleFactory(), new PepModuleFactory()),
                List.of("disco", "roster", "presence", "private", "pep"), "alice");
        alice = server.bind("alice@example.com/phone");
        online(server, alice, NOTIFY_BOOKMARKS);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private Iq writeLegacy(String children) throws Exception {
        return server.iq(alice, "<iq type='set' id='w" + (++ids) + "'><query xmlns='jabber:iq:private'>"
                + "<storage xmlns='storage:bookmarks'>" + children + "</storage></query></iq>");
    }

    private XmlElement readLegacy() throws Exception {
        Iq reply = server.iq(alice, "<iq type='get' id='r" + (++ids) + "'><query xmlns='jabber:iq:private'>"
                + "<storage xmlns='storage:bookmarks'/></query></iq>");
        return reply.payload().element("storage:bookmarks", "storage");
    }

    private List<XmlElement> pepItems() throws Exception {
        Iq reply = server.iq(alice, "<iq type='get' id='i" + (++ids) + "'><pubsub xmlns='" + PUBSUB + "'>"
                + "<items node='" + NODE + "'/></pubsub></iq>");
        return reply.payload().firstElement().elements();
    }

    /** A publish as XEP-0402 §3 clients send it, with publish-options. */
    private Iq publishNative(String room, String conference) throws Exception {
        return server.iq(alice, PepTestSupport.publish(NODE, room, conference).replace("</publish>", "</publish>"
                + "<publish-options><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>"
                + "<value>" + ConfigForm.PUBLISH_OPTIONS + "</value></field>"
                + "<field var='pubsub#persist_items'><value>true</value></field>"
                + "<field var='pubsub#max_items'><value>max</value></field>"
                + "<field var='pubsub#send_last_published_item'><value>never</value></field>"
                + "<field var='pubsub#access_model'><value>whitelist</value></field></x></publish-options>"));
    }

    @Test
    void aLegacyWriteBecomesOneNativeItemPerRoomAndIsNotified() throws Exception {
        // Execute
        Iq reply = writeLegacy("<conference jid='orchard@conference.example.com' name='The Orchard' autojoin='1'>"
                + "<nick>JC</nick><password>secret</password></conference>"
                + "<conference jid='play@conference.example.com'/>"
                + "<url name='Site' url='https://example.com'/>");

        // Verify
        assertThat(reply.type()).isEqualTo(IqType.RESULT);
        List<XmlElement> items = pepItems();
        assertThat(items).extracting(i -> i.attribute("id"))
                .containsExactly("orchard@conference.example.com", "play@conference.example.com");
        XmlElement orchard = items.get(0).firstElement();
        assertThat(orchard.is(NODE, "conference")).isTrue();
        assertThat(orchard.attribute("name")).isEqualTo("The Orchard");
        assertThat(orchard.attribute("autojoin")).isEqualTo("true");
        assertThat(orchard.attribute("jid")).isNull();
        assertThat(orchard.childText(NODE, "nick")).isEqualTo("JC");
        assertThat(orchard.childText(NODE, "password")).isEqualTo("secret");
        assertThat(events(alice)).hasSize(2).allSatisfy(e -> assertThat(e.attribute("node")).isEqualTo(NODE));
        Iq config = server.iq(alice, "<iq type='get' id='c'><pubsub xmlns='" + Requests.OWNER + "'>"
                + "<configure node='" + NODE + "'/></pubsub></iq>");
        assertThat(config.payload().toXml()).contains("<value>whitelist</value>");
    }

    @Test
    void aNativePublishIsSeenByALegacyReadWithTheUrlsTheClientStored() throws Exception {
        // Setup
        writeLegacy("<url name='Site' url='https://example.com'/>");

        // Execute
        publishNative("room@conference.example.com",
                "<conference xmlns='" + NODE + "' name='Room' autojoin='true'><nick>Al</nick>"
                        + "<extensions><state xmlns='urn:example:client' minimized='true'/></extensions>"
                        + "</conference>");

        // Verify
        XmlElement storage = readLegacy();
        assertThat(storage.elements()).hasSize(2);
        XmlElement room = storage.element("storage:bookmarks", "conference");
        assertThat(room.attribute("jid")).isEqualTo("room@conference.example.com");
        assertThat(room.attribute("name")).isEqualTo("Room");
        assertThat(room.attribute("autojoin")).isEqualTo("true");
        assertThat(room.childText("storage:bookmarks", "nick")).isEqualTo("Al");
        assertThat(storage.element("storage:bookmarks", "url").attribute("url")).isEqualTo("https://example.com");
    }

    @Test
    void aLegacyRewriteNotifiesOnlyWhatChangedAndKeepsExtensions() throws Exception {
        // Setup: three rooms, one with extensions a native client wrote
        publishNative("keep@conference.example.com",
                "<conference xmlns='" + NODE + "' name='Keep'><extensions><state xmlns='urn:example:client'/>"
                        + "</extensions></conference>");
        publishNative("gone@conference.example.com",
                "<conference xmlns='" + NODE + "' name='Gone'/>");
        publishNative("renamed@conference.example.com",
                "<conference xmlns='" + NODE + "' name='Old'/>");
        alice.clear();

        // Execute: a legacy client writes back what it read, one room removed and one renamed
        writeLegacy("<conference jid='keep@conference.example.com' name='Keep'/>"
                + "<conference jid='renamed@conference.example.com' name='New'/>");

        // Verify
        List<XmlElement> changes = events(alice).stream().flatMap(e -> e.elements().stream()).toList();
        assertThat(changes).extracting(e -> e.name() + " " + e.attribute("id")).containsExactly(
                "retract gone@conference.example.com", "item renamed@conference.example.com");
        assertThat(pepItems()).extracting(i -> i.attribute("id"))
                .containsExactlyInAnyOrder("keep@conference.example.com", "renamed@conference.example.com");
        assertThat(pepItems().stream().filter(i -> i.attribute("id").startsWith("keep")).findFirst().orElseThrow()
                .toXml()).contains("urn:example:client");
    }

    @Test
    void theAccountAnnouncesCompat() throws Exception {
        // Execute
        Iq info = server.iq(alice, "<iq type='get' id='d' to='alice@example.com'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");

        // Verify
        assertThat(info.payload().elements()).extracting(e -> e.attribute("var")).contains(NODE + "#compat")
                .doesNotContain(NODE + "#compat-pep");
    }

    @Test
    void withoutPrivateStoragePepStartsAndDoesNotAnnounceCompat() throws Exception {
        // Setup
        server.close();
        server = MiscHarness.start(PepTestSupport.FACTORIES, PepTestSupport.MODULES, "alice");
        alice = server.online("alice@example.com/phone");

        // Execute
        Iq info = server.iq(alice, "<iq type='get' id='d' to='alice@example.com'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");

        // Verify
        assertThat(info.payload().elements()).extracting(e -> e.attribute("var")).doesNotContain(NODE + "#compat");
    }

    @Test
    void tooManyRoomsAreRefused() throws Exception {
        // Execute
        StringBuilder rooms = new StringBuilder();
        for (int i = 0; i <= NodeConfig.MAX_ITEMS; i++) {
            rooms.append("<conference jid='r").append(i).append("@conference.example.com'/>");
        }
        Iq reply = writeLegacy(rooms.toString());

        // Verify
        assertThat(MiscHarness.error(reply).condition()).isEqualTo(Condition.NOT_ACCEPTABLE);
    }
}
