package dev.xmppd.app.it;

import static dev.xmppd.app.it.MucIT.muc;
import static dev.xmppd.app.it.MucIT.nick;
import static dev.xmppd.app.it.MucIT.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.RoomInfo;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A persistent room keeps its configuration, affiliations and history across a restart on H2 (XEP-0045 §4.2), and
 * its archive answers XEP-0313 queries at the room's JID through Smack's MamManager, with the stanza-ids the
 * occupants saw (XEP-0359).
 */
class MucRestartIT {
    @RegisterExtension
    static final TestServer server = new TestServer(c -> BlockingIT.withModules(c, "muc"));

    @BeforeAll
    static void accounts() throws Exception {
        AttributesOnlyProvider.registerMuc();
        server.addUser("alice", "alice-pw");
        server.addUser("bob", "bob-pw");
        server.addUser("carol", "carol-pw");
    }

    @Test
    void persistentRoomAndItsArchiveSurviveARestart() throws Exception {
        // Setup test fixture: a reserved, persistent, members-only room with 12 messages
        XMPPTCPConnection alice = server.login("alice", "alice-pw");
        MultiUserChat atAlice = muc(alice, "castle");
        atAlice.create(nick("alice")).getConfigFormManager().setRoomName("Dunsinane").makeMembersOnly()
                .enablePublicLogging().submitConfigurationForm();
        var form = atAlice.getConfigurationForm().getFillableForm();
        form.setAnswer("muc#roomconfig_persistentroom", true);
        atAlice.sendConfigurationForm(form);
        atAlice.grantMembership(JidCreate.bareFrom("bob@" + TestServer.DOMAIN));
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            atAlice.sendMessage("line " + i);
        }
        while (sent.size() < 12) {
            Message m = atAlice.nextMessage(10_000);
            if (m.getBody() != null) { // not the subject, not the configuration change (status 104)
                sent.add(StanzaIdElement.getStanzaId(m).getId());
            }
        }
        atAlice.leave();
        alice.disconnect();

        // Execute system under test
        server.stop();
        server.start();
        XMPPTCPConnection bob = server.login("bob", "bob-pw");
        XMPPTCPConnection carol = server.login("carol", "carol-pw");
        MultiUserChat atBob = muc(bob, "castle");
        atBob.join(atBob.getEnterConfigurationBuilder(nick("bob")).requestMaxStanzasHistory(3).build());
        List<String> history = new ArrayList<>();
        while (history.size() < 3) {
            Message m = atBob.nextMessage(10_000);
            if (m.getBody() != null) {
                history.add(m.getBody());
            }
        }
        RoomInfo info = MultiUserChatManager.getInstanceFor(bob).getRoomInfo(room("castle"));
        MamManager mam = MamManager.getInstanceFor(atBob);
        boolean supported = mam.isSupported(); // Smack learns the MAM version from the room's disco#info here
        MamQuery page = mam.queryArchive(MamQueryArgs.builder()
                .setResultPageSizeTo(5).queryLastPage().build());

        // Verify results
        assertThat(supported).isTrue();
        assertThat(history).containsExactly("line 10", "line 11", "line 12");
        assertThat(info.getName()).isEqualTo("Dunsinane");
        assertThat(info.isPersistent()).isTrue();
        assertThat(info.isMembersOnly()).isTrue();
        assertThat(page.getMessages()).extracting(Message::getBody)
                .containsExactly("line 8", "line 9", "line 10", "line 11", "line 12");
        assertThat(page.getMamResultExtensions()).extracting(r -> r.getId()).containsExactlyElementsOf(
                sent.subList(7, 12));
        assertThat(page.getMessageCount()).isEqualTo(5);
        // The affiliations survived too: someone without membership is still refused
        assertThatThrownBy(() -> muc(carol, "castle").join(nick("carol")))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.registration_required));
        bob.disconnect();
        carol.disconnect();
    }

    @Test
    void occupantsAreToldTheServiceIsShuttingDown() throws Exception {
        // XEP-0045 status 332: the occupant learns it left because the service stops, before its stream ends
        server.addUser("dave", "dave-pw");
        XMPPTCPConnection dave = server.login("dave", "dave-pw");
        MultiUserChat hall = muc(dave, "hall");
        hall.create(nick("dave")).makeInstant();
        try (StanzaCollector fromHall = dave.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE,
                FromMatchesFilter.create(hall.getRoom())))) {
            // Execute system under test
            server.stop();
            List<Presence> got = new ArrayList<>();
            for (Presence p = fromHall.pollResult(); p != null; p = fromHall.pollResult()) {
                got.add(p);
            }

            // Verify results
            assertThat(got).anySatisfy(p -> {
                assertThat(p.getType()).isEqualTo(Presence.Type.unavailable);
                assertThat(MUCUser.from(p).getStatus()).extracting(MUCUser.Status::getCode).contains(110, 332);
            });
        } finally {
            server.start();
        }
    }
}
