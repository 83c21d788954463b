package dev.xmppd.muc;

import static dev.xmppd.muc.MucHarness.DOMAIN;
import static dev.xmppd.muc.MucHarness.error;
import static dev.xmppd.muc.MucHarness.field;
import static dev.xmppd.muc.MucHarness.item;
import static dev.xmppd.muc.MucHarness.statuses;
import static dev.xmppd.muc.MucHarness.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.Stanza;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entering, changing nick and leaving (XEP-0045 §7.2, §7.6, §7.14) and room creation (§10.1). */
class EnterRoomTest {
    static final String CRONE = "crone@example.com/desktop";
    static final String WITCH = "witch@example.com/pda";
    static final String HAG = "hag@example.com/broom";

    final MucHarness muc = new MucHarness();

    @Test
    void creatingARoomLocksItAndMakesTheCreatorOwner() {
        // Execute system under test
        List<Stanza> out = muc.join(CRONE, "coven", "crone");

        // Verify results: §10.1.1 self-presence with 110 and 201, owner and moderator
        Stanza self = out.get(0);
        assertThat(self).isInstanceOf(Presence.class);
        assertThat(self.from()).hasToString("coven@" + DOMAIN + "/crone");
        assertThat(self.to()).hasToString(CRONE);
        assertThat(statuses(self)).contains(110, 201);
        assertThat(item(self).attribute("affiliation")).isEqualTo("owner");
        assertThat(item(self).attribute("role")).isEqualTo("moderator");
        assertThat(self.element().element(MucNamespaces.OCCUPANT_ID, "occupant-id")).isNotNull();
        // A locked room refuses everyone else with item-not-found
        Stanza refused = muc.join(WITCH, "coven", "witch").get(0);
        assertThat(error(refused)).isEqualTo(Condition.ITEM_NOT_FOUND);
        assertThat(refused.from()).hasToString("coven@" + DOMAIN + "/witch");
    }

    @Test
    void instantRoomOpensAfterTheEmptyForm() {
        muc.join(CRONE, "coven", "crone");

        List<Stanza> result = muc.submit(CRONE, "coven", "");
        List<Stanza> joined = muc.join(WITCH, "coven", "witch");

        assertThat(result).singleElement().satisfies(r -> assertThat(r.element().attribute("type"))
                .isEqualTo("result"));
        // §7.2.3: first the existing occupant, then the newcomer's own presence, then the subject
        assertThat(to(joined, WITCH)).first().satisfies(p -> assertThat(p.from()).hasToString("coven@" + DOMAIN
                + "/crone"));
        Stanza self = to(joined, WITCH).get(1);
        assertThat(statuses(self)).contains(110).doesNotContain(201);
        assertThat(item(self).attribute("role")).isEqualTo("participant");
        assertThat(to(joined, WITCH).get(to(joined, WITCH).size() - 1)).isInstanceOfSatisfying(Message.class,
                m -> assertThat(m.element().element("jabber:client", "subject")).isNotNull());
        // The owner, a moderator, sees the newcomer's real JID in a semi-anonymous room
        assertThat(item(to(joined, CRONE).get(0)).attribute("jid")).isEqualTo(WITCH);
    }

    @Test
    void semiAnonymousRoomsHideRealJidsFromParticipants() {
        muc.instant(CRONE, "coven", "crone");
        muc.join(WITCH, "coven", "witch");

        List<Stanza> out = muc.join(HAG, "coven", "hag");

        assertThat(to(out, WITCH)).singleElement().satisfies(p -> assertThat(item(p).attribute("jid")).isNull());
        assertThat(item(to(out, CRONE).get(0)).attribute("jid")).isEqualTo(HAG);
        // The newcomer, a participant, does not see the others' JIDs either
        assertThat(to(out, HAG).stream().filter(s -> s instanceof Presence).limit(2))
                .allSatisfy(p -> assertThat(item(p).attribute("jid")).isNull());
    }

    @Test
    void nonAnonymousRoomsShowJidsAndSay100() {
        muc.join(CRONE, "coven", "crone");
        muc.submit(CRONE, "coven", field("muc#roomconfig_whois", "anyone"));

        List<Stanza> out = muc.join(WITCH, "coven", "witch");

        Stanza self = to(out, WITCH).get(1);
        assertThat(statuses(self)).contains(100, 110, 170);
        assertThat(item(to(out, WITCH).get(0)).attribute("jid")).isEqualTo(CRONE);
    }

    @Test
    void nickTakenByAnotherUserIsAConflict() {
        muc.instant(CRONE, "coven", "crone");

        Stanza refused = muc.join(WITCH, "coven", "crone").get(0);

        assertThat(refused.element().attribute("type")).isEqualTo("error");
        assertThat(error(refused)).isEqualTo(Condition.CONFLICT);
    }

    @Test
    void passwordProtectedRoomNeedsThePassword() {
        muc.join(CRONE, "coven", "crone");
        muc.submit(CRONE, "coven", field("muc#roomconfig_passwordprotectedroom", "1")
                + field("muc#roomconfig_roomsecret", "cauldron"));

        Stanza without = muc.join(WITCH, "coven", "witch").get(0);
        Stanza wrong = muc.join(WITCH, "coven", "witch", "<password>kettle</password>").get(0);
        List<Stanza> right = muc.join(WITCH, "coven", "witch", "<password>cauldron</password>");

        assertThat(error(without)).isEqualTo(Condition.NOT_AUTHORIZED);
        assertThat(error(wrong)).isEqualTo(Condition.NOT_AUTHORIZED);
        assertThat(error(right.get(0))).isNull();
        assertThat(statuses(to(right, WITCH).get(1))).contains(110);
    }

    @Test
    void membersOnlyRoomRefusesNonMembers() {
        muc.join(CRONE, "coven", "crone");
        muc.submit(CRONE, "coven", field("muc#roomconfig_membersonly", "1"));

        Stanza refused = muc.join(WITCH, "coven", "witch").get(0);
        muc.send(CRONE, "<iq type='set' id='m' to='coven@" + DOMAIN + "'><query xmlns='" + MucNamespaces.ADMIN
                + "'><item affiliation='member' jid='witch@example.com'/></query></iq>");
        List<Stanza> member = muc.join(WITCH, "coven", "witch");

        assertThat(error(refused)).isEqualTo(Condition.REGISTRATION_REQUIRED);
        assertThat(item(to(member, WITCH).get(1)).attribute("affiliation")).isEqualTo("member");
    }

    @Test
    void bannedUsersMayNotEnter() {
        muc.instant(CRONE, "coven", "crone");
        muc.send(CRONE, "<iq type='set' id='b' to='coven@" + DOMAIN + "'><query xmlns='" + MucNamespaces.ADMIN
                + "'><item affiliation='outcast' jid='witch@example.com'/></query></iq>");

        Stanza refused = muc.join(WITCH, "coven", "witch").get(0);

        assertThat(error(refused)).isEqualTo(Condition.FORBIDDEN);
    }

    @Test
    void fullRoomRefusesAllButAdmins() {
        muc.join(CRONE, "coven", "crone");
        muc.submit(CRONE, "coven", field("muc#roomconfig_maxusers", "2"));
        muc.join(WITCH, "coven", "witch");

        Stanza refused = muc.join(HAG, "coven", "hag").get(0);
        muc.send(CRONE, "<presence type='unavailable' to='coven@" + DOMAIN + "/crone'/>");
        muc.join(HAG, "coven", "hag");
        List<Stanza> owner = muc.join(CRONE, "coven", "crone");

        assertThat(error(refused)).isEqualTo(Condition.SERVICE_UNAVAILABLE);
        assertThat(error(owner.get(0))).isNull();
    }

    @Test
    void historyIsReplayedWithDelayAndLimits() {
        muc.instant(CRONE, "coven", "crone");
        for (int i = 1; i <= 25; i++) {
            muc.send(CRONE, "<message type='groupchat' to='coven@" + DOMAIN + "'><body>m" + i + "</body></message>");
        }

        List<Stanza> byDefault = to(muc.join(WITCH, "coven", "witch"), WITCH);
        List<Stanza> two = to(muc.join(HAG, "coven", "hag", "<history maxstanzas='2'/>"), HAG);

        List<Message> history = byDefault.stream().filter(s -> s instanceof Message m && m.body() != null)
                .map(s -> (Message) s).toList();
        assertThat(history).hasSize(20);
        assertThat(history.get(0).body()).isEqualTo("m6");
        assertThat(history.get(19).element().element(MucNamespaces.DELAY, "delay").attribute("from"))
                .isEqualTo("coven@" + DOMAIN);
        assertThat(two.stream().filter(s -> s instanceof Message m && m.body() != null)
                .map(s -> ((Message) s).body())).containsExactly("m24", "m25");
    }

    @Test
    void nickChangeSays303ThenTheNewNick() {
        muc.instant(CRONE, "coven", "crone");
        muc.join(WITCH, "coven", "witch");

        List<Stanza> out = muc.send(WITCH, "<presence to='coven@" + DOMAIN + "/oldhag'/>");

        List<Stanza> atCrone = to(out, CRONE);
        assertThat(atCrone.get(0).element().attribute("type")).isEqualTo("unavailable");
        assertThat(statuses(atCrone.get(0))).containsExactly(303);
        assertThat(item(atCrone.get(0)).attribute("nick")).isEqualTo("oldhag");
        assertThat(atCrone.get(1).from()).hasToString("coven@" + DOMAIN + "/oldhag");
        assertThat(statuses(to(out, WITCH).get(0))).containsExactly(110, 303);
    }

    @Test
    void leavingTellsEveryoneAndTheLastOneEndsATemporaryRoom() {
        muc.instant(CRONE, "coven", "crone");
        muc.join(WITCH, "coven", "witch");

        List<Stanza> out = muc.send(WITCH, "<presence type='unavailable' to='coven@" + DOMAIN + "/witch'>"
                + "<status>bye</status></presence>");
        muc.send(CRONE, "<presence type='unavailable' to='coven@" + DOMAIN + "/crone'/>");
        List<Stanza> recreated = muc.join(HAG, "coven", "hag");

        Stanza atCrone = to(out, CRONE).get(0);
        assertThat(((Presence) atCrone).type()).isEqualTo(PresenceType.UNAVAILABLE);
        assertThat(item(atCrone).attribute("role")).isEqualTo("none");
        assertThat(atCrone.element().childText("jabber:client", "status")).isEqualTo("bye");
        assertThat(statuses(to(out, WITCH).get(0))).containsExactly(110);
        // §4.2: the temporary room ended; entering again creates a new one
        assertThat(statuses(recreated.get(0))).contains(201);
    }

    @Test
    void aNickIsRequired() {
        muc.instant(CRONE, "coven", "crone");

        Stanza refused = muc.send(WITCH, "<presence to='coven@" + DOMAIN + "'><x xmlns='" + MucHarness.MUC
                + "'/></presence>").get(0);

        assertThat(error(refused)).isEqualTo(Condition.JID_MALFORMED);
    }

    @Test
    void aClientThatRejoinsGetsTheRoomAgainAndNobodyElseHearsOfIt() {
        muc.instant(CRONE, "coven", "crone");
        muc.join(WITCH, "coven", "witch");

        List<Stanza> out = muc.join(WITCH, "coven", "witch");

        assertThat(to(out, CRONE)).isEmpty();
        assertThat(to(out, WITCH)).anySatisfy(s -> assertThat(statuses(s)).contains(110));
    }

    @Test
    void sessionGoneLeavesEveryRoom() {
        muc.instant(CRONE, "coven", "crone");
        muc.join(WITCH, "coven", "witch");
        muc.out.clear();

        muc.service.sessionGone(dev.xmppd.core.jid.FullJid.parse(WITCH));

        assertThat(to(muc.out, CRONE)).singleElement().satisfies(p ->
                assertThat(p.element().attribute("type")).isEqualTo("unavailable"));
    }

    @Test
    void usersOfOtherDomainsMayNotCreateRooms() {
        Stanza refused = muc.join("stranger@elsewhere.org/x", "coven", "x").get(0);

        assertThat(error(refused)).isEqualTo(Condition.NOT_ALLOWED);
    }
}
