package dev.xmppd.muc;

import static dev.xmppd.muc.MucHarness.DOMAIN;
import static dev.xmppd.muc.MucHarness.error;
import static dev.xmppd.muc.MucHarness.field;
import static dev.xmppd.muc.MucHarness.item;
import static dev.xmppd.muc.MucHarness.statuses;
import static dev.xmppd.muc.MucHarness.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.options.RoomConfig;
import dev.xmppd.muc.options.RoomOptions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The configuration form's affiliation lists and history limit (XEP-0045 §10.2), the status codes of a
 * configuration change (§10.2.1) and of an affiliation change for someone not in the room (101).
 */
class RoomConfigurationTest {
    static final String CRONE = "crone@example.com/desktop";
    static final String WITCH = "witch@example.com/pda";
    static final String HAG = "hag@example.com/broom";
    static final String ROOM = "coven@" + DOMAIN;

    final MucHarness muc = new MucHarness();

    @BeforeEach
    void enter() {
        muc.instant(CRONE, "coven", "crone");
        muc.join(WITCH, "coven", "witch");
        muc.join(HAG, "coven", "hag");
    }

    private List<Stanza> admin(String from, String type, String items) {
        return muc.send(from, "<iq type='" + type + "' id='a1' to='" + ROOM + "'><query xmlns='" + MucNamespaces.ADMIN
                + "'>" + items + "</query></iq>");
    }

    private static Stanza reply(List<Stanza> out, String id) {
        return out.stream().filter(s -> id.equals(s.id())).findFirst().orElseThrow();
    }

    private List<String> listed(String affiliation) {
        return listed(CRONE, affiliation);
    }

    private List<String> listed(String owner, String affiliation) {
        return reply(admin(owner, "get", "<item affiliation='" + affiliation + "'/>"), "a1").element().firstElement()
                .elements().stream().map(e -> e.attribute("jid")).toList();
    }

    private XmlElement configField(String var) {
        XmlElement form = reply(muc.send(CRONE, "<iq type='get' id='g' to='" + ROOM + "'><query xmlns='"
                + MucNamespaces.OWNER + "'/></iq>"), "g").element().firstElement().element("jabber:x:data", "x");
        return form.elements().stream().filter(f -> var.equals(f.attribute("var"))).findFirst().orElseThrow();
    }

    @Test
    void ownerAndAdminListsReplaceTheAffiliationsAndAreShownInTheForm() {
        List<Stanza> out = muc.submit(CRONE, "coven", field("muc#roomconfig_roomowners", "crone@example.com",
                "witch@example.com") + field("muc#roomconfig_roomadmins", "hag@example.com"));

        assertThat(reply(out, "cfg").element().attribute("type")).isEqualTo("result");
        assertThat(listed("owner")).containsExactlyInAnyOrder("crone@example.com", "witch@example.com");
        assertThat(listed("admin")).containsExactly("hag@example.com");
        // The occupants' new affiliations are announced with their presence (§10.3, §10.6).
        assertThat(to(out, HAG)).anySatisfy(p -> {
            assertThat(p).isInstanceOf(Presence.class);
            assertThat(item(p).attribute("affiliation")).isEqualTo("admin");
            assertThat(item(p).attribute("role")).isEqualTo("moderator");
        });
        assertThat(configField("muc#roomconfig_roomowners").attribute("type")).isEqualTo("jid-multi");
        assertThat(configField("muc#roomconfig_roomadmins").elements()).extracting(XmlElement::text)
                .containsExactly("hag@example.com");

        muc.submit(CRONE, "coven", field("muc#roomconfig_roomowners", "witch@example.com")
                + field("muc#roomconfig_roomadmins"));

        assertThat(listed(WITCH, "owner")).containsExactly("witch@example.com");
        assertThat(listed(WITCH, "admin")).isEmpty();
    }

    @Test
    void theOwnerListMayNotBeEmptyAndNothingChangesThen() {
        Stanza refused = reply(muc.submit(CRONE, "coven", field("muc#roomconfig_roomowners")
                + field("muc#roomconfig_roomname", "Renamed") + field("muc#roomconfig_roomadmins",
                        "hag@example.com")), "cfg");
        Stanza malformed = reply(muc.submit(CRONE, "coven", field("muc#roomconfig_roomadmins", "@bad")), "cfg");

        assertThat(error(refused)).isEqualTo(Condition.CONFLICT);
        assertThat(error(malformed)).isEqualTo(Condition.JID_MALFORMED);
        assertThat(listed("owner")).containsExactly("crone@example.com");
        assertThat(listed("admin")).isEmpty();
        assertThat(configField("muc#roomconfig_roomname").childText("jabber:x:data", "value")).isEmpty();
    }

    @Test
    void affiliationChangesForUsersNotInTheRoomAreToldWith101() {
        List<Stanza> out = admin(CRONE, "set", "<item affiliation='member' jid='absent@example.com'/>");
        List<Stanza> inRoom = admin(CRONE, "set", "<item affiliation='member' jid='witch@example.com'/>");
        List<Stanza> byForm = muc.submit(CRONE, "coven", field("muc#roomconfig_roomadmins", "other@example.com"));

        assertThat(to(out, "absent@example.com")).singleElement().satisfies(m -> {
            assertThat(m).isInstanceOf(Message.class);
            assertThat(m.from()).hasToString(ROOM);
            assertThat(statuses(m)).containsExactly(101);
            assertThat(item(m).attribute("affiliation")).isEqualTo("member");
            assertThat(item(m).attribute("jid")).isEqualTo("absent@example.com");
        });
        assertThat(inRoom).noneMatch(s -> statuses(s).contains(101));
        assertThat(to(byForm, "other@example.com")).singleElement()
                .satisfies(m -> assertThat(statuses(m)).containsExactly(101));
    }

    @Test
    void becomingNonAnonymousResendsPresenceWithRealJidsAndSemiAnonymousWithout() {
        List<Stanza> open = muc.submit(CRONE, "coven", field("muc#roomconfig_whois", "anyone"));

        List<Stanza> atHag = to(open, HAG);
        assertThat(atHag.get(0)).isInstanceOf(Message.class);
        assertThat(statuses(atHag.get(0))).containsExactly(172);
        List<Stanza> presences = atHag.stream().filter(s -> s instanceof Presence).toList();
        assertThat(presences).extracting(p -> p.from().toString())
                .containsExactlyInAnyOrder(ROOM + "/crone", ROOM + "/witch");
        assertThat(presences).allSatisfy(p -> assertThat(item(p).attribute("jid")).isNotNull());
        // The moderator saw the real JIDs already.
        assertThat(to(open, CRONE)).noneMatch(s -> s instanceof Presence);

        List<Stanza> closed = muc.submit(CRONE, "coven", field("muc#roomconfig_whois", "moderators"));

        assertThat(statuses(to(closed, WITCH).get(0))).containsExactly(173);
        assertThat(to(closed, WITCH).stream().filter(s -> s instanceof Presence)).hasSize(2)
                .allSatisfy(p -> assertThat(item(p).attribute("jid")).isNull());
    }

    @Test
    void maxHistoryFetchLimitsTheHistoryAndPubsubIsKept() {
        List<Stanza> set = muc.submit(CRONE, "coven", field("muc#maxhistoryfetch", "3")
                + field("muc#roomconfig_pubsub", "xmpp:pubsub.example.com?;node=coven"));
        for (int i = 1; i <= 5; i++) {
            muc.send(CRONE, "<message type='groupchat' to='" + ROOM + "'><body>m" + i + "</body></message>");
        }
        List<Stanza> joined = to(muc.join("newt@example.com/x", "coven", "newt", "<history maxstanzas='10'/>"),
                "newt@example.com/x");
        Stanza tooMuch = reply(muc.submit(CRONE, "coven", field("muc#maxhistoryfetch", "many")), "cfg");
        Stanza notAUri = reply(muc.submit(CRONE, "coven", field("muc#roomconfig_pubsub", "http://x")), "cfg");

        assertThat(statuses(to(set, HAG).get(0))).containsExactly(104);
        assertThat(joined.stream().filter(s -> s instanceof Message m && m.body() != null)
                .map(s -> ((Message) s).body())).containsExactly("m3", "m4", "m5");
        assertThat(configField("muc#roomconfig_pubsub").childText("jabber:x:data", "value"))
                .isEqualTo("xmpp:pubsub.example.com?;node=coven");
        assertThat(error(tooMuch)).isEqualTo(Condition.NOT_ACCEPTABLE);
        assertThat(error(notAUri)).isEqualTo(Condition.NOT_ACCEPTABLE);
    }

    @Test
    void storedRoomsKeepTheNewOptions() {
        RoomState state = new RoomState(BareJid.parse(ROOM), RoomConfig.defaults().toBuilder().maxHistoryFetch(7)
                .build());
        state.config = new RoomOptions().submit(state.config, TestXml.parse("<x xmlns='jabber:x:data' type='submit'>"
                + field("muc#roomconfig_pubsub", "xmpp:pubsub.example.com?;node=coven") + "</x>"));

        RoomState decoded = RoomCodec.decode(state.jid, RoomCodec.encode(state));

        assertThat(decoded.config).isEqualTo(state.config);
        assertThat(decoded.config.maxHistoryFetch()).isEqualTo(7);
        assertThat(decoded.config.pubsub()).isEqualTo("xmpp:pubsub.example.com?;node=coven");
    }
}
