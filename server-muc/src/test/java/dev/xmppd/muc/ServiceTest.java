package dev.xmppd.muc;

import static dev.xmppd.muc.MucHarness.DOMAIN;
import static dev.xmppd.muc.MucHarness.error;
import static dev.xmppd.muc.MucHarness.field;
import static dev.xmppd.muc.MucHarness.item;
import static dev.xmppd.muc.MucHarness.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The service and room disco (XEP-0045 §6), self-ping (XEP-0410), IQs to occupants, room archives (XEP-0313) and
 * persistent rooms across a restart.
 */
class ServiceTest {
    static final String CRONE = "crone@example.com/desktop";
    static final String WITCH = "witch@example.com/pda";
    static final String ROOM = "coven@" + DOMAIN;
    static final String INFO = MucNamespaces.DISCO_INFO;

    final MucHarness muc = new MucHarness();

    private static List<String> vars(Stanza result) {
        return result.element().firstElement().elements().stream().filter(e -> e.name().equals("feature"))
                .map(e -> e.attribute("var")).toList();
    }

    @Test
    void serviceDiscoInfoSaysConferenceText() {
        Stanza out = muc.send(CRONE, "<iq type='get' id='i' to='" + DOMAIN + "'><query xmlns='" + INFO + "'/></iq>")
                .get(0);

        XmlElement identity = out.element().firstElement().element(INFO, "identity");
        assertThat(identity.attribute("category")).isEqualTo("conference");
        assertThat(identity.attribute("type")).isEqualTo("text");
        assertThat(vars(out)).contains(MucNamespaces.MUC, "jabber:x:conference", MucNamespaces.SELF_PING);
    }

    @Test
    void serviceDiscoItemsListsPublicRoomsOnly() {
        muc.instant(CRONE, "coven", "crone");
        muc.join(CRONE, "hidden", "crone");
        muc.submit(CRONE, "hidden", field("muc#roomconfig_publicroom", "0"));
        muc.join(CRONE, "locked", "crone");

        Stanza out = muc.send(WITCH, "<iq type='get' id='i' to='" + DOMAIN + "'><query xmlns='"
                + MucNamespaces.DISCO_ITEMS + "'/></iq>").get(0);

        assertThat(out.element().firstElement().elements()).singleElement().satisfies(i -> {
            assertThat(i.attribute("jid")).isEqualTo(ROOM);
            assertThat(i.attribute("name")).isEqualTo("coven (1)");
        });
    }

    @Test
    void roomDiscoInfoHasAFeaturePerOptionAndTheRoomInfoForm() {
        muc.join(CRONE, "coven", "crone");
        muc.submit(CRONE, "coven", field("muc#roomconfig_roomname", "A Dark Cave")
                + field("muc#roomconfig_roomdesc", "Witches only") + field("muc#roomconfig_membersonly", "1")
                + field("muc#roomconfig_persistentroom", "1"));

        Stanza out = muc.send(WITCH, "<iq type='get' id='i' to='" + ROOM + "'><query xmlns='" + INFO + "'/></iq>")
                .get(0);

        assertThat(out.element().firstElement().element(INFO, "identity").attribute("name")).isEqualTo("A Dark Cave");
        assertThat(vars(out)).contains(MucNamespaces.MUC, "muc_public", "muc_persistent", "muc_membersonly",
                "muc_unmoderated", "muc_unsecured", "muc_semianonymous", "urn:xmpp:mam:2", MucNamespaces.STANZA_ID,
                MucNamespaces.OCCUPANT_ID, MucNamespaces.SELF_PING);
        XmlElement form = out.element().firstElement().element("jabber:x:data", "x");
        assertThat(form.elements()).anySatisfy(f -> {
            assertThat(f.attribute("var")).isEqualTo("muc#roominfo_description");
            assertThat(f.childText("jabber:x:data", "value")).isEqualTo("Witches only");
        });
        assertThat(form.elements()).anySatisfy(f -> assertThat(f.attribute("var")).isEqualTo("muc#roominfo_occupants"));
    }

    @Test
    void roomDiscoItemsListOccupantsOfPublicRooms() {
        muc.instant(CRONE, "coven", "crone");
        muc.join(CRONE, "hidden", "crone");
        muc.submit(CRONE, "hidden", field("muc#roomconfig_publicroom", "0"));
        String items = "<query xmlns='" + MucNamespaces.DISCO_ITEMS + "'/>";

        Stanza open = muc.send(WITCH, "<iq type='get' id='i' to='" + ROOM + "'>" + items + "</iq>").get(0);
        Stanza hidden = muc.send(WITCH, "<iq type='get' id='i' to='hidden@" + DOMAIN + "'>" + items + "</iq>").get(0);
        Stanza occupant = muc.send(WITCH, "<iq type='get' id='i' to='" + ROOM + "/crone'>" + items + "</iq>").get(0);

        assertThat(open.element().firstElement().elements()).singleElement()
                .satisfies(i -> assertThat(i.attribute("jid")).isEqualTo(ROOM + "/crone"));
        assertThat(hidden.element().firstElement().elements()).isEmpty();
        // XEP-0045 §6.6: disco of an occupant by a non-occupant
        assertThat(error(occupant)).isEqualTo(Condition.BAD_REQUEST);
    }

    @Test
    void selfPingIsAnsweredOnlyForJoinedOccupants() {
        muc.instant(CRONE, "coven", "crone");
        String ping = "<iq type='get' id='p' to='" + ROOM + "/crone'><ping xmlns='urn:xmpp:ping'/></iq>";

        Stanza joined = muc.send(CRONE, ping).get(0);
        Stanza stranger = muc.send(WITCH, ping).get(0);

        assertThat(joined.element().attribute("type")).isEqualTo("result");
        assertThat(joined.from()).hasToString(ROOM + "/crone");
        assertThat(error(stranger)).isEqualTo(Condition.NOT_ACCEPTABLE);
    }

    @Test
    void iqsToOccupantsAreForwardedAndAnswered() {
        muc.instant(CRONE, "coven", "crone");
        muc.join(WITCH, "coven", "witch");

        Iq forwarded = (Iq) muc.send(WITCH, "<iq type='get' id='v1' to='" + ROOM + "/crone'><vCard xmlns='vcard-temp'/>"
                + "</iq>").get(0);
        Stanza answer = muc.send(CRONE, "<iq type='result' id='" + forwarded.id() + "' to='" + ROOM
                + "/witch'><vCard xmlns='vcard-temp'><FN>Crone</FN></vCard></iq>").get(0);

        assertThat(forwarded.to()).hasToString(CRONE);
        assertThat(forwarded.from()).hasToString(ROOM + "/witch");
        assertThat(answer.to()).hasToString(WITCH);
        assertThat(answer.from()).hasToString(ROOM + "/crone");
        assertThat(answer.id()).isEqualTo("v1");
    }

    @Test
    void theArchiveAnswersMamQueriesWithPaging() {
        muc.instant(CRONE, "coven", "crone");
        List<String> stanzaIds = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Stanza s = muc.send(CRONE, "<message type='groupchat' to='" + ROOM + "'><body>m" + i + "</body></message>")
                    .get(0);
            stanzaIds.add(s.element().element(MucNamespaces.STANZA_ID, "stanza-id").attribute("id"));
        }

        List<Stanza> page = muc.send(CRONE, "<iq type='set' id='q' to='" + ROOM + "'><query xmlns='urn:xmpp:mam:2' "
                + "queryid='f27'><set xmlns='http://jabber.org/protocol/rsm'><max>2</max><after>" + stanzaIds.get(1)
                + "</after></set></query></iq>");

        List<Message> results = page.stream().filter(s -> s instanceof Message).map(s -> (Message) s).toList();
        assertThat(results).hasSize(2).allSatisfy(m -> assertThat(m.from()).hasToString(ROOM));
        XmlElement first = results.get(0).element().element("urn:xmpp:mam:2", "result");
        assertThat(first.attribute("queryid")).isEqualTo("f27");
        assertThat(first.attribute("id")).isEqualTo(stanzaIds.get(2));
        XmlElement inner = first.element("urn:xmpp:forward:0", "forwarded").element("jabber:client", "message");
        assertThat(inner.childText("jabber:client", "body")).isEqualTo("m3");
        assertThat(inner.attribute("from")).isEqualTo(ROOM + "/crone");
        Stanza fin = page.get(page.size() - 1);
        XmlElement finElement = fin.element().element("urn:xmpp:mam:2", "fin");
        assertThat(finElement.attribute("complete")).isEqualTo("false");
        assertThat(finElement.element("http://jabber.org/protocol/rsm", "set")
                .childText("http://jabber.org/protocol/rsm", "count")).isEqualTo("5");
    }

    @Test
    void membersOnlyArchivesAreForMembers() {
        muc.join(CRONE, "coven", "crone");
        muc.submit(CRONE, "coven", field("muc#roomconfig_membersonly", "1"));

        Stanza refused = muc.send(WITCH, "<iq type='set' id='q' to='" + ROOM + "'><query xmlns='urn:xmpp:mam:2'/>"
                + "</iq>").get(0);

        assertThat(error(refused)).isEqualTo(Condition.FORBIDDEN);
    }

    @Test
    void persistentRoomsSurviveARestartWithAffiliationsSubjectAndHistory() {
        muc.join(CRONE, "coven", "crone");
        muc.submit(CRONE, "coven", field("muc#roomconfig_persistentroom", "1")
                + field("muc#roomconfig_roomname", "A Dark Cave") + field("muc#roomconfig_membersonly", "1"));
        muc.send(CRONE, "<iq type='set' id='m' to='" + ROOM + "'><query xmlns='" + MucNamespaces.ADMIN
                + "'><item affiliation='member' jid='witch@example.com'/></query></iq>");
        muc.send(CRONE, "<message type='groupchat' to='" + ROOM + "'><subject>Fire Burn</subject></message>");
        muc.send(CRONE, "<message type='groupchat' to='" + ROOM + "'><body>remember me</body></message>");
        muc.send(CRONE, "<presence type='unavailable' to='" + ROOM + "/crone'/>");

        // Execute system under test: a new service on the same storage
        MucHarness restarted = new MucHarness(muc.storage, Set.of());
        List<Stanza> joined = restarted.join(WITCH, "coven", "witch");
        Stanza items = restarted.send(WITCH, "<iq type='get' id='i' to='" + DOMAIN + "'><query xmlns='"
                + MucNamespaces.DISCO_ITEMS + "'/></iq>").get(0);

        assertThat(item(MucHarness.self(joined)).attribute("affiliation")).isEqualTo("member");
        assertThat(to(joined, WITCH)).anySatisfy(s -> assertThat(s instanceof Message m
                && "remember me".equals(m.body())).isTrue());
        Stanza subject = joined.get(joined.size() - 1);
        assertThat(subject.element().childText("jabber:client", "subject")).isEqualTo("Fire Burn");
        assertThat(items.element().firstElement().elements()).singleElement()
                .satisfies(i -> assertThat(i.attribute("name")).isEqualTo("A Dark Cave (1)"));
    }

    @Test
    void destroyedPersistentRoomsAreGoneAfterARestart() {
        muc.join(CRONE, "coven", "crone");
        muc.submit(CRONE, "coven", field("muc#roomconfig_persistentroom", "1"));
        muc.send(CRONE, "<iq type='set' id='d' to='" + ROOM + "'><query xmlns='" + MucNamespaces.OWNER
                + "'><destroy/></query></iq>");

        MucHarness restarted = new MucHarness(muc.storage, Set.of());
        Stanza info = restarted.send(WITCH, "<iq type='get' id='i' to='" + ROOM + "'><query xmlns='" + INFO
                + "'/></iq>").get(0);

        assertThat(error(info)).isEqualTo(Condition.ITEM_NOT_FOUND);
    }
}
