package dev.xmppd.muc;

import static dev.xmppd.muc.MucHarness.DOMAIN;
import static dev.xmppd.muc.MucHarness.error;
import static dev.xmppd.muc.MucHarness.field;
import static dev.xmppd.muc.MucHarness.item;
import static dev.xmppd.muc.MucHarness.statuses;
import static dev.xmppd.muc.MucHarness.to;
import static dev.xmppd.muc.MucHarness.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messages in a room (XEP-0045 §7.4, §7.5, §7.8.2, §8.1) with XEP-0359 and XEP-0421 ids. */
class ConversationTest {
    static final String CRONE = "crone@example.com/desktop";
    static final String WITCH = "witch@example.com/pda";
    static final String HAG = "hag@example.com/broom";
    static final String ROOM = "coven@" + DOMAIN;

    final MucHarness muc = new MucHarness();

    @BeforeEach
    void enter() {
        muc.instant(CRONE, "coven", "crone");
        muc.join(WITCH, "coven", "witch");
    }

    private List<Stanza> say(String from, String body) {
        return muc.send(from, "<message type='groupchat' to='" + ROOM + "'><body>" + body + "</body></message>");
    }

    @Test
    void groupchatGoesToEveryOccupantFromTheOccupantJidWithIds() {
        List<Stanza> out = say(WITCH, "Thrice the brinded cat hath mew'd.");

        assertThat(out).hasSize(2).allSatisfy(s -> {
            assertThat(s.from()).hasToString(ROOM + "/witch");
            assertThat(((Message) s).body()).isEqualTo("Thrice the brinded cat hath mew'd.");
            XmlElement sid = s.element().element(MucNamespaces.STANZA_ID, "stanza-id");
            assertThat(sid.attribute("by")).isEqualTo(ROOM);
            assertThat(sid.attribute("id")).isNotBlank();
        });
        assertThat(out).extracting(s -> s.to().toString()).containsExactlyInAnyOrder(CRONE, WITCH);
        // One stanza-id for all copies: the archive id
        assertThat(out.stream().map(s -> s.element().element(MucNamespaces.STANZA_ID, "stanza-id").attribute("id"))
                .distinct()).hasSize(1);
    }

    @Test
    void occupantIdIsStablePerUserAndDiffersBetweenUsers() {
        String first = occupantId(say(WITCH, "one").get(0));
        muc.send(WITCH, "<presence to='" + ROOM + "/newnick'/>");
        String afterNickChange = occupantId(say(WITCH, "two").get(0));
        String crone = occupantId(say(CRONE, "three").get(0));

        assertThat(afterNickChange).isEqualTo(first);
        assertThat(crone).isNotEqualTo(first);
    }

    @Test
    void spoofedIdsAreReplaced() {
        List<Stanza> out = muc.send(WITCH, "<message type='groupchat' to='" + ROOM + "'><body>x</body>"
                + "<stanza-id xmlns='urn:xmpp:sid:0' id='fake' by='" + ROOM + "'/>"
                + "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='fake'/></message>");

        Stanza s = out.get(0);
        assertThat(s.element().elements().stream().filter(e -> e.is(MucNamespaces.STANZA_ID, "stanza-id")))
                .singleElement().satisfies(e -> assertThat(e.attribute("id")).isNotEqualTo("fake"));
        assertThat(occupantId(s)).isNotEqualTo("fake");
    }

    @Test
    void nonOccupantsMayNotSpeak() {
        Stanza refused = say(HAG, "hello").get(0);

        assertThat(error(refused)).isEqualTo(Condition.NOT_ACCEPTABLE);
        assertThat(refused.to()).hasToString(HAG);
    }

    @Test
    void visitorsMayNotSpeakInModeratedRoomsUntilGivenVoice() {
        muc.submit(CRONE, "coven", field("muc#roomconfig_moderatedroom", "1"));
        List<Stanza> joined = muc.join(HAG, "coven", "hag");

        Stanza refused = say(HAG, "hello").get(0);
        List<Stanza> voice = muc.send(CRONE, "<iq type='set' id='v' to='" + ROOM + "'><query xmlns='"
                + MucNamespaces.ADMIN + "'><item nick='hag' role='participant'/></query></iq>");
        List<Stanza> spoken = say(HAG, "hello");

        assertThat(item(MucHarness.self(joined)).attribute("role")).isEqualTo("visitor");
        assertThat(error(refused)).isEqualTo(Condition.FORBIDDEN);
        assertThat(to(voice, WITCH)).singleElement().satisfies(p ->
                assertThat(item(p).attribute("role")).isEqualTo("participant"));
        assertThat(spoken).hasSize(3);
    }

    @Test
    void subjectChangesNeedPermission() {
        String subject = "<message type='groupchat' to='" + ROOM + "'><subject>Fire Burn</subject></message>";

        Stanza refused = muc.send(WITCH, subject).get(0);
        List<Stanza> changed = muc.send(CRONE, subject);
        List<Stanza> joined = muc.join(HAG, "coven", "hag");

        assertThat(error(refused)).isEqualTo(Condition.FORBIDDEN);
        assertThat(changed).hasSize(2).allSatisfy(s -> assertThat(s.from()).hasToString(ROOM + "/crone"));
        Stanza last = joined.get(joined.size() - 1);
        assertThat(last.element().childText("jabber:client", "subject")).isEqualTo("Fire Burn");
        assertThat(last.from()).hasToString(ROOM + "/crone");
    }

    @Test
    void privateMessagesGoToTheRealJidFromTheOccupantJid() {
        List<Stanza> out = muc.send(WITCH, "<message type='chat' to='" + ROOM + "/crone'><body>psst</body></message>");

        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.to()).hasToString(CRONE);
            assertThat(m.from()).hasToString(ROOM + "/witch");
            assertThat(user(m)).isNotNull();
        });
    }

    @Test
    void privateMessageErrors() {
        Stanza noSuchNick = muc.send(WITCH, "<message type='chat' to='" + ROOM + "/nobody'><body>x</body></message>")
                .get(0);
        Stanza groupchatToOccupant = muc.send(WITCH, "<message type='groupchat' to='" + ROOM
                + "/crone'><body>x</body></message>").get(0);
        muc.submit(CRONE, "coven", field("muc#roomconfig_allowpm", "moderators"));
        Stanza notAllowed = muc.send(WITCH, "<message type='chat' to='" + ROOM + "/crone'><body>x</body></message>")
                .get(0);

        assertThat(error(noSuchNick)).isEqualTo(Condition.ITEM_NOT_FOUND);
        assertThat(error(groupchatToOccupant)).isEqualTo(Condition.BAD_REQUEST);
        assertThat(error(notAllowed)).isEqualTo(Condition.FORBIDDEN);
    }

    @Test
    void mediatedInvitationComesFromTheRoomWithThePassword() {
        muc.submit(CRONE, "coven", field("muc#roomconfig_roomsecret", "cauldron")
                + field("muc#roomconfig_membersonly", "1"));

        List<Stanza> out = muc.send(CRONE, "<message to='" + ROOM + "'><x xmlns='" + MucNamespaces.USER
                + "'><invite to='hag@example.com'><reason>Hey Hecate</reason></invite></x></message>");
        List<Stanza> joined = muc.join(HAG, "coven", "hag", "<password>cauldron</password>");

        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.from()).hasToString(ROOM);
            assertThat(m.to()).hasToString("hag@example.com");
            XmlElement invite = user(m).element(MucNamespaces.USER, "invite");
            assertThat(invite.attribute("from")).isEqualTo(CRONE);
            assertThat(invite.childText(MucNamespaces.USER, "reason")).isEqualTo("Hey Hecate");
            assertThat(user(m).childText(MucNamespaces.USER, "password")).isEqualTo("cauldron");
        });
        // §7.8.2: in a members-only room the invitee became a member
        assertThat(item(MucHarness.self(joined)).attribute("affiliation")).isEqualTo("member");
    }

    @Test
    void invitationsNeedPermissionAndDeclinesGoBack() {
        Stanza refused = muc.send(WITCH, "<message to='" + ROOM + "'><x xmlns='" + MucNamespaces.USER
                + "'><invite to='hag@example.com'/></x></message>").get(0);
        List<Stanza> declined = muc.send(HAG, "<message to='" + ROOM + "'><x xmlns='" + MucNamespaces.USER
                + "'><decline to='" + CRONE + "'><reason>Sorry</reason></decline></x></message>");

        assertThat(error(refused)).isEqualTo(Condition.FORBIDDEN);
        assertThat(declined).singleElement().satisfies(m -> {
            assertThat(m.to()).hasToString(CRONE);
            assertThat(user(m).element(MucNamespaces.USER, "decline").attribute("from")).isEqualTo("hag@example.com");
        });
    }

    @Test
    void anOccupantWhoseClientBouncesIsRemovedWith333() {
        List<Stanza> out = muc.send(WITCH, "<message type='error' to='" + ROOM + "/crone'><error type='cancel'>"
                + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");

        assertThat(to(out, CRONE)).singleElement().satisfies(p -> assertThat(statuses(p)).containsExactly(333));
        assertThat(error(say(WITCH, "still here?").get(0))).isEqualTo(Condition.NOT_ACCEPTABLE);
    }

    @Test
    void messagesOfOtherTypesToTheRoomAreRefused() {
        Stanza refused = muc.send(WITCH, "<message type='chat' to='" + ROOM + "'><body>x</body></message>").get(0);

        assertThat(error(refused)).isEqualTo(Condition.BAD_REQUEST);
    }

    @Test
    void messagesToARoomThatDoesNotExistAreRefused() {
        Stanza refused = muc.send(WITCH, "<message type='groupchat' to='nowhere@" + DOMAIN + "'><body>x</body>"
                + "</message>").get(0);

        assertThat(error(refused)).isEqualTo(Condition.ITEM_NOT_FOUND);
        assertThat(refused.from()).hasToString("nowhere@" + DOMAIN);
    }

    private static String occupantId(Stanza s) {
        return s.element().element(MucNamespaces.OCCUPANT_ID, "occupant-id").attribute("id");
    }
}
