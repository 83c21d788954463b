package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.DirectMucInvitationManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.ParticipantStatusListener;
import org.jivesoftware.smackx.muc.RoomInfo;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jivesoftware.smackx.muc.packet.GroupChatInvitation;
import org.jivesoftware.smackx.muc.packet.MUCInitialPresence;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * XEP-0045 with Smack's MultiUserChatManager over real sockets: instant and reserved rooms, history, nick changes,
 * kick and ban, members-only and password rooms, private messages, mediated (XEP-0045 §7.8.2) and direct
 * (XEP-0249) invitations, destroy, self-ping (XEP-0410), stanza and occupant ids (XEP-0359, XEP-0421).
 */
class MucIT {
    static final String SERVICE = "conference." + TestServer.DOMAIN;

    @RegisterExtension
    static final TestServer server = new TestServer(c -> BlockingIT.withModules(c, "muc"));

    private XMPPTCPConnection alice;
    private XMPPTCPConnection bob;
    private XMPPTCPConnection carol;

    @BeforeAll
    static void accounts() throws Exception {
        AttributesOnlyProvider.registerMuc();
        server.addUser("alice", "alice-pw");
        server.addUser("bob", "bob-pw");
        server.addUser("carol", "carol-pw");
    }

    @BeforeEach
    void login() throws Exception {
        alice = server.login("alice", "alice-pw");
        bob = server.login("bob", "bob-pw");
        carol = server.login("carol", "carol-pw");
    }

    @AfterEach
    void logout() {
        alice.disconnect();
        bob.disconnect();
        carol.disconnect();
    }

    static EntityBareJid room(String name) throws Exception {
        return JidCreate.entityBareFrom(name + "@" + SERVICE);
    }

    static MultiUserChat muc(XMPPTCPConnection c, String name) throws Exception {
        return MultiUserChatManager.getInstanceFor(c).getMultiUserChat(room(name));
    }

    static Resourcepart nick(String n) throws Exception {
        return Resourcepart.from(n);
    }

    @Test
    void instantRoomWithHistoryIdsAndNickChange() throws Exception {
        MultiUserChat atAlice = muc(alice, "instant");
        atAlice.create(nick("alice")).makeInstant();
        for (String body : List.of("one", "two", "three")) {
            atAlice.sendMessage(body);
        }
        List<String> echoed = new ArrayList<>();
        while (echoed.size() < 3) { // the room has them all once they come back to alice
            Message m = atAlice.nextMessage(10_000);
            if (m.getBody() != null) {
                echoed.add(m.getBody());
            }
        }
        BlockingQueue<Resourcepart> renamed = new LinkedBlockingQueue<>();
        atAlice.addParticipantStatusListener(new ParticipantStatusListener() {
            @Override
            public void nicknameChanged(org.jxmpp.jid.EntityFullJid participant, Resourcepart newNickname) {
                renamed.add(newNickname);
            }
        });

        MultiUserChat atBob = muc(bob, "instant");
        atBob.join(atBob.getEnterConfigurationBuilder(nick("bob")).requestMaxStanzasHistory(2).build());
        Message first = atBob.nextMessage(10_000);
        Message second = atBob.nextMessage(10_000);
        atBob.changeNickname(nick("robert"));
        atAlice.sendMessage("four");
        Message subject = atBob.nextMessage(10_000);
        Message live = atBob.nextMessage(10_000);

        assertThat(List.of(first.getBody(), second.getBody())).containsExactly("two", "three");
        assertThat(first.getExtensionElement("delay", "urn:xmpp:delay")).isNotNull();
        // XEP-0045 §7.2.15: after the history, the (empty) subject says the room is all there
        assertThat(subject.getBody()).isNull();
        assertThat(subject.getSubject()).isNullOrEmpty();
        assertThat(renamed.poll(10, TimeUnit.SECONDS)).hasToString("robert");
        assertThat(atBob.getNickname()).hasToString("robert");
        assertThat(live.getBody()).isEqualTo("four");
        assertThat(live.getFrom().toString()).isEqualTo(room("instant") + "/alice");
        assertThat(atBob.serviceSupportsStableIds()).isTrue();
        assertThat(StanzaIdElement.getStanzaId(live).getBy()).isEqualTo(room("instant").toString());
        assertThat(live.getExtensionElement("occupant-id", "urn:xmpp:occupant-id:0")).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> atAlice.getOccupants().size() == 2);
    }

    @Test
    void reservedRoomMembersOnlyWithPassword() throws Exception {
        MultiUserChat atAlice = muc(alice, "reserved");
        atAlice.create(nick("alice")).getConfigFormManager().setRoomName("The Reserved Room").makeMembersOnly()
                .setAndEnablePassword("secret").submitConfigurationForm();
        MultiUserChat atBob = muc(bob, "reserved");

        assertThatThrownBy(() -> atBob.join(nick("bob"), "secret")).isInstanceOfSatisfying(XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.registration_required));
        atAlice.grantMembership(JidCreate.bareFrom("bob@" + TestServer.DOMAIN));
        assertThatThrownBy(() -> atBob.join(nick("bob"), "wrong")).isInstanceOfSatisfying(XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_authorized));
        atBob.join(nick("bob"), "secret");

        RoomInfo info = MultiUserChatManager.getInstanceFor(carol).getRoomInfo(room("reserved"));
        assertThat(info.getName()).isEqualTo("The Reserved Room");
        assertThat(info.isMembersOnly()).isTrue();
        assertThat(info.isPasswordProtected()).isTrue();
        assertThat(info.getOccupantsCount()).isEqualTo(2);
        assertThat(atAlice.getMembers()).extracting(a -> a.getJid().toString())
                .containsExactly("bob@" + TestServer.DOMAIN);
    }

    @Test
    void registrationReservesTheNickAndMakesAMember() throws Exception {
        MultiUserChat atAlice = muc(alice, "registered");
        atAlice.create(nick("alice")).makeInstant();
        MultiUserChat atBob = muc(bob, "registered");

        // Execute system under test: XEP-0045 §7.10 with Smack's form, §7.12 reserved nick discovery
        String before = atBob.getReservedNickname();
        FillableForm form = atBob.getRegistrationForm().getFillableForm();
        form.setAnswer("muc#register_roomnick", "bobby");
        atBob.sendRegistrationForm(form);
        String after = atBob.getReservedNickname();
        Throwable taken = catchThrowable(() -> muc(carol, "registered").join(nick("bobby")));
        atBob.join(nick("bobby"));

        // Verify results
        assertThat(before).isNull();
        assertThat(after).isEqualTo("bobby");
        assertThat(taken).isInstanceOfSatisfying(XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict));
        assertThat(atAlice.getMembers()).singleElement().satisfies(m -> {
            assertThat(m.getJid().toString()).isEqualTo("bob@" + TestServer.DOMAIN);
            assertThat(m.getNick().toString()).isEqualTo("bobby");
        });
    }

    @Test
    void nickConflictKickAndBan() throws Exception {
        MultiUserChat atAlice = muc(alice, "moderated");
        atAlice.create(nick("alice")).makeInstant();
        MultiUserChat atBob = muc(bob, "moderated");
        MultiUserChat atCarol = muc(carol, "moderated");
        atBob.join(nick("bob"));
        assertThatThrownBy(() -> atCarol.join(nick("bob"))).isInstanceOfSatisfying(XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict));
        atCarol.join(nick("carol"));
        BlockingQueue<String> carolEvents = new LinkedBlockingQueue<>();
        atCarol.addUserStatusListener(new UserStatusListener() {
            @Override
            public void kicked(Jid actor, String reason) {
                carolEvents.add("kicked:" + reason);
            }
        });
        BlockingQueue<String> bobEvents = new LinkedBlockingQueue<>();
        atBob.addUserStatusListener(new UserStatusListener() {
            @Override
            public void banned(Jid actor, String reason) {
                bobEvents.add("banned:" + reason);
            }
        });

        atAlice.kickParticipant(nick("carol"), "Avaunt");
        atAlice.banUser(JidCreate.bareFrom("bob@" + TestServer.DOMAIN), "Treason");

        assertThat(carolEvents.poll(10, TimeUnit.SECONDS)).isEqualTo("kicked:Avaunt");
        assertThat(bobEvents.poll(10, TimeUnit.SECONDS)).isEqualTo("banned:Treason");
        assertThatThrownBy(() -> muc(bob, "moderated").join(nick("bob")))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.forbidden));
        assertThat(atAlice.getOutcasts()).extracting(a -> a.getJid().toString())
                .containsExactly("bob@" + TestServer.DOMAIN);
    }

    @Test
    void privateMessagesGoThroughTheRoom() throws Exception {
        muc(alice, "private").create(nick("alice")).makeInstant();
        muc(bob, "private").join(nick("bob"));
        BlockingQueue<Message> atAlice = new LinkedBlockingQueue<>();
        alice.addAsyncStanzaListener(s -> {
            if (((Message) s).getType() == Message.Type.chat) {
                atAlice.add((Message) s);
            }
        }, StanzaTypeFilter.MESSAGE);

        bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(room("private") + "/alice")
                .ofType(Message.Type.chat).setBody("psst").build());

        Message pm = atAlice.poll(10, TimeUnit.SECONDS);
        assertThat(pm.getBody()).isEqualTo("psst");
        assertThat(pm.getFrom().toString()).isEqualTo(room("private") + "/bob");
    }

    @Test
    void mediatedAndDirectInvitations() throws Exception {
        MultiUserChat atAlice = muc(alice, "invites");
        atAlice.create(nick("alice")).makeInstant();
        BlockingQueue<String> mediated = new LinkedBlockingQueue<>();
        MultiUserChatManager.getInstanceFor(carol).addInvitationListener((conn, room, inviter, reason, password,
                message, invite) -> mediated.add(room.getRoom() + " " + inviter.asBareJid() + " " + reason));
        BlockingQueue<GroupChatInvitation> direct = new LinkedBlockingQueue<>();
        DirectMucInvitationManager.getInstanceFor(bob).addInvitationListener((invitation, stanza) ->
                direct.add(invitation));

        atAlice.invite(JidCreate.entityBareFrom("carol@" + TestServer.DOMAIN), "Come in");
        DirectMucInvitationManager.getInstanceFor(alice).inviteToMuc(atAlice,
                JidCreate.entityBareFrom("bob@" + TestServer.DOMAIN));

        assertThat(mediated.poll(10, TimeUnit.SECONDS)).isEqualTo(room("invites") + " alice@" + TestServer.DOMAIN
                + " Come in");
        assertThat(direct.poll(10, TimeUnit.SECONDS).getRoomAddress().toString()).isEqualTo(room("invites").toString());
        muc(carol, "invites").join(nick("carol"));
        await().atMost(Duration.ofSeconds(10)).until(() -> atAlice.getOccupantsCount() == 2);
    }

    @Test
    void destroyTellsOccupantsTheAlternateVenue() throws Exception {
        MultiUserChat atAlice = muc(alice, "doomed");
        atAlice.create(nick("alice")).makeInstant();
        MultiUserChat atBob = muc(bob, "doomed");
        atBob.join(nick("bob"));
        BlockingQueue<String> destroyed = new LinkedBlockingQueue<>();
        atBob.addUserStatusListener(new UserStatusListener() {
            @Override
            public void roomDestroyed(MultiUserChat alternate, String password, String reason) {
                destroyed.add(alternate.getRoom() + " " + reason);
            }
        });

        atAlice.destroy("Moving", room("heath"));

        assertThat(destroyed.poll(10, TimeUnit.SECONDS)).isEqualTo(room("heath") + " Moving");
        assertThat(MultiUserChatManager.getInstanceFor(carol).getRoomsHostedBy(JidCreate.domainBareFrom(SERVICE)))
                .doesNotContainKey(room("doomed"));
    }

    @Test
    void enteringARoomThatJustEndedCreatesItAgain() throws Exception {
        // Raw presence, pipelined: Smack's MultiUserChat races with itself when it leaves and enters at once
        BlockingQueue<Presence> reflected = new LinkedBlockingQueue<>();
        alice.addStanzaListener(s -> reflected.add((Presence) s), new AndFilter(StanzaTypeFilter.PRESENCE,
                FromMatchesFilter.createBare(room("fleeting"))));
        Jid occupant = JidCreate.from(room("fleeting") + "/alice");

        for (int i = 0; i < 20; i++) {
            // Execute system under test: the temporary room ends when alice leaves, and at once she is back
            alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().to(occupant)
                    .addExtension(new MUCInitialPresence(null, -1, -1, -1, null)).build());
            alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().to(occupant)
                    .ofType(Presence.Type.unavailable).build());
        }

        for (int i = 0; i < 20; i++) {
            Presence entered = reflected.poll(10, TimeUnit.SECONDS);
            Presence left = reflected.poll(10, TimeUnit.SECONDS);
            assertThat(MUCUser.from(entered).getStatus()).contains(MUCUser.Status.ROOM_CREATED_201);
            assertThat(left.getType()).isEqualTo(Presence.Type.unavailable);
        }
    }

    @Test
    void selfPingSaysWhetherTheClientIsStillIn() throws Exception {
        MultiUserChat atAlice = muc(alice, "pinged");
        atAlice.create(nick("alice")).makeInstant();
        Ping ping = new Ping(alice, JidCreate.from(room("pinged") + "/alice"));

        IQ pong = alice.sendIqRequestAndWaitForResponse(ping);
        atAlice.leave();
        Ping again = new Ping(alice, JidCreate.from(room("pinged") + "/alice"));

        assertThat(pong.getType()).isEqualTo(IQ.Type.result);
        assertThatThrownBy(() -> alice.sendIqRequestAndWaitForResponse(again))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isIn(StanzaError.Condition.not_acceptable, StanzaError.Condition.item_not_found));
    }

    @Test
    void theServiceIsDiscoveredAndListsPublicRooms() throws Exception {
        muc(alice, "listed").create(nick("alice")).getConfigFormManager().setRoomName("Listed").makePublic()
                .submitConfigurationForm();
        muc(alice, "hidden").create(nick("alice")).getConfigFormManager().makeHidden().submitConfigurationForm();
        MultiUserChatManager atCarol = MultiUserChatManager.getInstanceFor(carol);

        assertThat(atCarol.getMucServiceDomains()).extracting(Object::toString).contains(SERVICE);
        assertThat(atCarol.getRoomsHostedBy(JidCreate.domainBareFrom(SERVICE))).containsKey(room("listed"))
                .doesNotContainKey(room("hidden"));
    }
}
