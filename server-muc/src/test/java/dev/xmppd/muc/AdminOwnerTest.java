package dev.xmppd.muc;

import static dev.xmppd.muc.MucHarness.DOMAIN;
import static dev.xmppd.muc.MucHarness.error;
import static dev.xmppd.muc.MucHarness.field;
import static dev.xmppd.muc.MucHarness.item;
import static dev.xmppd.muc.MucHarness.statuses;
import static dev.xmppd.muc.MucHarness.to;
import static dev.xmppd.muc.MucHarness.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Moderator, admin and owner use cases (XEP-0045 §8, §9, §10). */
class AdminOwnerTest {
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

    private static Stanza result(List<Stanza> out) {
        return out.stream().filter(s -> "a1".equals(s.id()) || "cfg".equals(s.id()) || "d1".equals(s.id()))
                .findFirst().orElseThrow();
    }

    @Test
    void kickRemovesTheOccupantWith307ActorAndReason() {
        List<Stanza> out = admin(CRONE, "set", "<item nick='witch' role='none'><reason>Avaunt</reason></item>");

        assertThat(result(out).element().attribute("type")).isEqualTo("result");
        Stanza atWitch = to(out, WITCH).get(0);
        assertThat(statuses(atWitch)).containsExactly(110, 307);
        assertThat(item(atWitch).element(MucNamespaces.USER, "actor").attribute("nick")).isEqualTo("crone");
        assertThat(item(atWitch).childText(MucNamespaces.USER, "reason")).isEqualTo("Avaunt");
        assertThat(statuses(to(out, HAG).get(0))).containsExactly(307);
    }

    @Test
    void participantsMayNotKickAndNobodyKicksAnOwner() {
        Stanza byParticipant = result(admin(WITCH, "set", "<item nick='hag' role='none'/>"));
        admin(CRONE, "set", "<item affiliation='admin' jid='witch@example.com'/>");
        Stanza ownerKicked = result(admin(WITCH, "set", "<item nick='crone' role='none'/>"));

        assertThat(error(byParticipant)).isEqualTo(Condition.FORBIDDEN);
        assertThat(error(ownerKicked)).isEqualTo(Condition.NOT_ALLOWED);
    }

    @Test
    void banRemovesEveryClientOfTheUserWith301() {
        List<Stanza> out = admin(CRONE, "set", "<item affiliation='outcast' jid='witch@example.com'>"
                + "<reason>Treason</reason></item>");
        List<Stanza> banList = admin(CRONE, "get", "<item affiliation='outcast'/>");

        assertThat(statuses(to(out, WITCH).get(0))).containsExactly(110, 301);
        assertThat(item(to(out, HAG).get(0)).attribute("affiliation")).isEqualTo("outcast");
        assertThat(items(result(banList))).extracting(e -> e.attribute("jid")).containsExactly("witch@example.com");
    }

    @Test
    void voiceListAndModeratorGrants() {
        List<Stanza> voiceList = admin(CRONE, "get", "<item role='participant'/>");
        Stanza notAdmin = result(admin(CRONE, "set", "<item nick='witch' role='moderator'/>"));
        List<Stanza> modList = admin(CRONE, "get", "<item role='moderator'/>");
        Stanza participantAsks = result(admin(HAG, "get", "<item role='participant'/>"));

        assertThat(items(result(voiceList))).extracting(e -> e.attribute("nick")).containsExactly("witch", "hag");
        // The creator is an owner, so it may grant moderator status (§9.6)
        assertThat(notAdmin.element().attribute("type")).isEqualTo("result");
        assertThat(items(result(modList))).extracting(e -> e.attribute("nick")).containsExactly("crone", "witch");
        assertThat(error(participantAsks)).isEqualTo(Condition.FORBIDDEN);
    }

    @Test
    void aModeratorWithoutAffiliationMayNotRevokeAnOwnersModeration() {
        admin(CRONE, "set", "<item nick='witch' role='moderator'/>");

        Stanza refused = result(admin(WITCH, "set", "<item nick='crone' role='participant'/>"));
        Stanza grant = result(admin(WITCH, "set", "<item nick='hag' role='moderator'/>"));

        assertThat(error(refused)).isEqualTo(Condition.NOT_ALLOWED);
        assertThat(error(grant)).isEqualTo(Condition.FORBIDDEN);
    }

    @Test
    void revokingVoiceMakesAVisitor() {
        List<Stanza> out = admin(CRONE, "set", "<item nick='hag' role='visitor'/>");

        assertThat(item(to(out, HAG).get(0)).attribute("role")).isEqualTo("visitor");
        assertThat(error(muc.send(HAG, "<message type='groupchat' to='" + ROOM + "'><body>x</body></message>")
                .get(0))).isEqualTo(Condition.FORBIDDEN);
    }

    @Test
    void memberAdminAndOwnerLists() {
        admin(CRONE, "set", "<item affiliation='member' jid='hag@example.com'/>"
                + "<item affiliation='admin' jid='witch@example.com'/>");

        List<Stanza> members = admin(CRONE, "get", "<item affiliation='member'/>");
        List<Stanza> admins = admin(CRONE, "get", "<item affiliation='admin'/>");
        List<Stanza> owners = admin(CRONE, "get", "<item affiliation='owner'/>");
        Stanza adminAsksOwners = result(admin(WITCH, "get", "<item affiliation='owner'/>"));
        Stanza adminMakesOwner = result(admin(WITCH, "set", "<item affiliation='owner' jid='hag@example.com'/>"));

        assertThat(items(result(members))).extracting(e -> e.attribute("jid")).containsExactly("hag@example.com");
        assertThat(items(result(admins))).extracting(e -> e.attribute("jid")).containsExactly("witch@example.com");
        assertThat(items(result(owners))).extracting(e -> e.attribute("jid")).containsExactly("crone@example.com");
        assertThat(error(adminAsksOwners)).isEqualTo(Condition.FORBIDDEN);
        assertThat(error(adminMakesOwner)).isEqualTo(Condition.NOT_ALLOWED);
    }

    @Test
    void grantingAdminMakesAModerator() {
        List<Stanza> out = admin(CRONE, "set", "<item affiliation='admin' jid='witch@example.com'/>");

        assertThat(item(to(out, HAG).get(0)).attribute("role")).isEqualTo("moderator");
        assertThat(item(to(out, HAG).get(0)).attribute("affiliation")).isEqualTo("admin");
    }

    @Test
    void theLastOwnerStays() {
        Stanza refused = result(admin(CRONE, "set", "<item affiliation='member' jid='crone@example.com'/>"));

        assertThat(error(refused)).isEqualTo(Condition.CONFLICT);
    }

    @Test
    void aSetIsAllOrNothing() {
        Stanza refused = result(admin(CRONE, "set", "<item affiliation='member' jid='hag@example.com'/>"
                + "<item nick='nobody' role='none'/>"));
        List<Stanza> members = admin(CRONE, "get", "<item affiliation='member'/>");

        assertThat(error(refused)).isEqualTo(Condition.ITEM_NOT_FOUND);
        assertThat(items(result(members))).isEmpty();
    }

    @Test
    void configurationFormHasEveryStandardField() {
        List<Stanza> out = muc.send(CRONE, "<iq type='get' id='cfg' to='" + ROOM + "'><query xmlns='"
                + MucNamespaces.OWNER + "'/></iq>");
        Stanza notOwner = muc.send(WITCH, "<iq type='get' id='cfg' to='" + ROOM + "'><query xmlns='"
                + MucNamespaces.OWNER + "'/></iq>").get(0);

        XmlElement form = result(out).element().firstElement().element("jabber:x:data", "x");
        assertThat(form.attribute("type")).isEqualTo("form");
        assertThat(form.elements().stream().map(f -> f.attribute("var")).filter(v -> v != null)).contains(
                "FORM_TYPE", "muc#roomconfig_roomname", "muc#roomconfig_roomdesc", "muc#roomconfig_persistentroom",
                "muc#roomconfig_publicroom", "muc#roomconfig_membersonly", "muc#roomconfig_moderatedroom",
                "muc#roomconfig_passwordprotectedroom", "muc#roomconfig_roomsecret", "muc#roomconfig_whois",
                "muc#roomconfig_maxusers", "muc#roomconfig_allowinvites", "muc#roomconfig_changesubject",
                "muc#roomconfig_allowpm", "muc#roomconfig_enablelogging", "muc#roomconfig_presencebroadcast",
                "muc#roomconfig_getmemberlist", "muc#roomconfig_lang", "muc#maxhistoryfetch",
                "muc#roomconfig_pubsub", "muc#roomconfig_roomadmins", "muc#roomconfig_roomowners");
        assertThat(error(notOwner)).isEqualTo(Condition.FORBIDDEN);
    }

    @Test
    void configurationChangesAreAnnounced() {
        List<Stanza> out = muc.submit(CRONE, "coven", field("muc#roomconfig_whois", "anyone")
                + field("muc#roomconfig_enablelogging", "0"));

        assertThat(to(out, HAG).stream().filter(s -> s instanceof Message)).singleElement().satisfies(m -> {
            assertThat(m.from()).hasToString(ROOM);
            // §10.2.1: only privacy changes, so no 104.
            assertThat(statuses(m)).containsExactly(171, 172);
        });
        List<Stanza> other = muc.submit(CRONE, "coven", field("muc#roomconfig_roomname", "The Coven")
                + field("muc#roomconfig_enablelogging", "1"));
        assertThat(to(other, HAG)).singleElement().satisfies(m -> assertThat(statuses(m)).containsExactly(104, 170));
    }

    @Test
    void invalidValuesAreNotAcceptable() {
        Stanza refused = result(muc.submit(CRONE, "coven", field("muc#roomconfig_whois", "everybody")));

        assertThat(error(refused)).isEqualTo(Condition.NOT_ACCEPTABLE);
    }

    @Test
    void becomingMembersOnlyRemovesNonMembersWith322() {
        admin(CRONE, "set", "<item affiliation='member' jid='hag@example.com'/>");

        List<Stanza> out = muc.submit(CRONE, "coven", field("muc#roomconfig_membersonly", "1"));

        assertThat(to(out, WITCH)).anySatisfy(p -> assertThat(statuses(p)).contains(322));
        assertThat(to(out, HAG)).anySatisfy(p -> assertThat(statuses(p)).contains(322));
    }

    @Test
    void revokingMembershipInAMembersOnlyRoomRemovesWith321() {
        admin(CRONE, "set", "<item affiliation='member' jid='hag@example.com'/>");
        muc.submit(CRONE, "coven", field("muc#roomconfig_membersonly", "1"));

        List<Stanza> out = admin(CRONE, "set", "<item affiliation='none' jid='hag@example.com'/>");

        assertThat(statuses(to(out, HAG).get(0))).containsExactly(110, 321);
        assertThat(to(out, CRONE)).anySatisfy(p -> assertThat(statuses(p)).containsExactly(321));
    }

    @Test
    void destroyTellsEveryOccupantTheAlternateVenue() {
        List<Stanza> out = muc.send(CRONE, "<iq type='set' id='d1' to='" + ROOM + "'><query xmlns='"
                + MucNamespaces.OWNER + "'><destroy jid='heath@" + DOMAIN + "'><reason>Moving</reason></destroy>"
                + "</query></iq>");
        Stanza afterwards = muc.send(WITCH, "<message type='groupchat' to='" + ROOM + "'><body>x</body></message>")
                .get(0);

        assertThat(result(out).element().attribute("type")).isEqualTo("result");
        for (String who : List.of(CRONE, WITCH, HAG)) {
            XmlElement destroy = user(to(out, who).get(0)).element(MucNamespaces.USER, "destroy");
            assertThat(destroy.attribute("jid")).isEqualTo("heath@" + DOMAIN);
            assertThat(destroy.childText(MucNamespaces.USER, "reason")).isEqualTo("Moving");
        }
        assertThat(error(afterwards)).isEqualTo(Condition.ITEM_NOT_FOUND);
    }

    @Test
    void cancellingTheFirstConfigurationDestroysTheRoom() {
        muc.join(CRONE, "heath", "crone");

        muc.send(CRONE, "<iq type='set' id='cfg' to='heath@" + DOMAIN + "'><query xmlns='" + MucNamespaces.OWNER
                + "'><x xmlns='jabber:x:data' type='cancel'/></query></iq>");
        List<Stanza> again = muc.join(WITCH, "heath", "witch");

        assertThat(statuses(again.get(0))).contains(201);
    }

    @Test
    void usersMayCreateALimitedNumberOfRooms() {
        for (int i = 0; i < MucModule.MAX_ROOMS_PER_USER - 1; i++) {
            muc.join(CRONE, "room" + i, "crone");
        }

        Stanza refused = muc.join(CRONE, "onetoomany", "crone").get(0);
        muc.send(CRONE, "<presence type='unavailable' to='room0@" + DOMAIN + "/crone'/>");
        List<Stanza> afterLeaving = muc.join(CRONE, "onetoomany", "crone");

        assertThat(error(refused)).isEqualTo(Condition.NOT_ALLOWED);
        assertThat(statuses(afterLeaving.get(0))).contains(201);
    }

    @Test
    void serviceAdminsOwnEveryRoom() {
        MucHarness withAdmin = new MucHarness(new MemoryStorageProvider(), Set.of(BareJid.parse("boss@example.com")));
        withAdmin.instant(CRONE, "coven", "crone");

        List<Stanza> out = withAdmin.join("boss@example.com/x", "coven", "boss");
        Stanza destroyed = withAdmin.send("boss@example.com/x", "<iq type='set' id='d1' to='" + ROOM
                + "'><query xmlns='" + MucNamespaces.OWNER + "'><destroy/></query></iq>").stream()
                .filter(s -> "d1".equals(s.id())).findFirst().orElseThrow();

        assertThat(item(MucHarness.self(out)).attribute("affiliation")).isEqualTo("owner");
        assertThat(destroyed.element().attribute("type")).isEqualTo("result");
    }

    private static List<XmlElement> items(Stanza result) {
        return result.element().firstElement().elements();
    }
}
