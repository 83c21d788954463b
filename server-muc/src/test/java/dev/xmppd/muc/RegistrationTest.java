package dev.xmppd.muc;

import static dev.xmppd.muc.MucHarness.DOMAIN;
import static dev.xmppd.muc.MucHarness.error;
import static dev.xmppd.muc.MucHarness.field;
import static dev.xmppd.muc.MucHarness.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Registration with a room and reserved nicks (XEP-0045 §7.10, §7.12). */
class RegistrationTest {
    static final String CRONE = "crone@example.com/desktop";
    static final String WITCH = "witch@example.com/pda";
    static final String HAG = "hag@example.com/broom";
    static final String ROOM = "coven@" + DOMAIN;

    final MucHarness muc = new MucHarness();

    private List<Stanza> register(String user, String nick) {
        return muc.send(user, "<iq type='set' id='r' to='" + ROOM + "'><query xmlns='jabber:iq:register'>"
                + "<x xmlns='jabber:x:data' type='submit'>" + field("FORM_TYPE", RoomRegistration.FORM_TYPE)
                + field("muc#register_roomnick", nick) + "</x></query></iq>");
    }

    private XmlElement query(String user, String xml) {
        Stanza answer = muc.send(user, xml).get(0);
        assertThat(answer.element().attribute("type")).isEqualTo("result");
        return answer.element().firstElement();
    }

    @Test
    void aUserRegistersBecomesAMemberAndTheNickIsReservedForThem() {
        muc.instant(CRONE, "coven", "crone");

        // Execute system under test
        XmlElement form = query(WITCH, "<iq type='get' id='g' to='" + ROOM + "'><query xmlns='jabber:iq:register'/>"
                + "</iq>");
        List<Stanza> registered = register(WITCH, "thirdwitch");
        XmlElement again = query(WITCH, "<iq type='get' id='g' to='" + ROOM + "'><query xmlns='jabber:iq:register'/>"
                + "</iq>");
        XmlElement reserved = query(WITCH, "<iq type='get' id='d' to='" + ROOM + "'><query xmlns='"
                + MucNamespaces.DISCO_INFO + "' node='x-roomuser-item'/></iq>");
        XmlElement none = query(HAG, "<iq type='get' id='d' to='" + ROOM + "'><query xmlns='"
                + MucNamespaces.DISCO_INFO + "' node='x-roomuser-item'/></iq>");
        Stanza taken = muc.join(HAG, "coven", "thirdwitch").get(0);
        List<Stanza> own = muc.join(WITCH, "coven", "thirdwitch");
        Stanza conflict = register(HAG, "thirdwitch").get(0);
        XmlElement members = query(CRONE, "<iq type='get' id='m' to='" + ROOM + "'><query xmlns='"
                + MucNamespaces.ADMIN + "'><item affiliation='member'/></query></iq>");

        // Verify results
        assertThat(form.toXml()).contains("var='muc#register_roomnick'").contains(RoomRegistration.FORM_TYPE);
        assertThat(registered).singleElement().satisfies(r -> assertThat(r.element().attribute("type"))
                .isEqualTo("result"));
        assertThat(again.element("jabber:iq:register", "registered")).isNotNull();
        assertThat(again.childText("jabber:iq:register", "username")).isEqualTo("thirdwitch");
        assertThat(reserved.element(MucNamespaces.DISCO_INFO, "identity").attribute("name")).isEqualTo("thirdwitch");
        assertThat(none.elements()).isEmpty();
        assertThat(error(taken)).isEqualTo(Condition.CONFLICT);
        assertThat(item(MucHarness.self(own)).attribute("affiliation")).isEqualTo("member");
        assertThat(error(conflict)).isEqualTo(Condition.CONFLICT);
        assertThat(members.elements()).singleElement().satisfies(i -> {
            assertThat(i.attribute("jid")).isEqualTo("witch@example.com");
            assertThat(i.attribute("nick")).isEqualTo("thirdwitch");
        });
    }

    @Test
    void cancellingFreesTheNickAndTheMembership() {
        muc.instant(CRONE, "coven", "crone");
        register(WITCH, "thirdwitch");

        List<Stanza> removed = muc.send(WITCH, "<iq type='set' id='x' to='" + ROOM + "'><query "
                + "xmlns='jabber:iq:register'><remove/></query></iq>");
        List<Stanza> joined = muc.join(HAG, "coven", "thirdwitch");

        assertThat(removed.get(removed.size() - 1).element().attribute("type")).isEqualTo("result");
        assertThat(item(MucHarness.self(joined)).attribute("affiliation")).isEqualTo("none");
    }

    @Test
    void membersOnlyRoomsAndBannedUsersCannotRegister() {
        muc.join(CRONE, "coven", "crone");
        muc.submit(CRONE, "coven", field("muc#roomconfig_membersonly", "1"));
        Stanza membersOnly = muc.send(WITCH, "<iq type='get' id='g' to='" + ROOM + "'><query "
                + "xmlns='jabber:iq:register'/></iq>").get(0);
        muc.send(CRONE, "<iq type='set' id='b' to='" + ROOM + "'><query xmlns='" + MucNamespaces.ADMIN + "'>"
                + "<item affiliation='outcast' jid='hag@example.com'/></query></iq>");
        Stanza banned = register(HAG, "hag").get(0);
        Stanza noForm = muc.send(CRONE, "<iq type='set' id='s' to='" + ROOM + "'><query "
                + "xmlns='jabber:iq:register'/></iq>").get(0);

        assertThat(error(membersOnly)).isEqualTo(Condition.NOT_ALLOWED);
        assertThat(error(banned)).isEqualTo(Condition.FORBIDDEN);
        assertThat(error(noForm)).isEqualTo(Condition.BAD_REQUEST);
    }

    @Test
    void aReservedNickSurvivesARestart() {
        muc.join(CRONE, "coven", "crone");
        muc.submit(CRONE, "coven", field("muc#roomconfig_persistentroom", "1"));
        register(WITCH, "thirdwitch");

        MucHarness restarted = new MucHarness(muc.storage, Set.of());
        Stanza taken = restarted.join(HAG, "coven", "thirdwitch").get(0);

        assertThat(error(taken)).isEqualTo(Condition.CONFLICT);
    }
}
