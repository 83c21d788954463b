package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * XEP-0045 room configuration and voice with Smack: the owner and admin lists of the configuration form (§10.2),
 * the out-of-room status 101 for users whose affiliation changed, and a voice request (§7.13) approved by a
 * moderator (§8.6).
 */
class MucConfigIT {
    static final String SERVICE = "conference." + TestServer.DOMAIN;

    @RegisterExtension
    static final TestServer server = new TestServer(c -> BlockingIT.withModules(c, "muc"));

    private XMPPTCPConnection alice;
    private XMPPTCPConnection bob;
    private XMPPTCPConnection carol;

    @BeforeAll
    static void accounts() throws Exception {
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

    private static MultiUserChat muc(XMPPTCPConnection c, EntityBareJid room) {
        return MultiUserChatManager.getInstanceFor(c).getMultiUserChat(room);
    }

    @Test
    void ownerAndAdminListsOfTheFormSetAffiliationsAndTellAbsentUsersWith101() throws Exception {
        EntityBareJid room = JidCreate.entityBareFrom("lists@" + SERVICE);
        BlockingQueue<Message> atCarol = new LinkedBlockingQueue<>();
        carol.addAsyncStanzaListener(s -> atCarol.add((Message) s), MessageTypeFilter.NORMAL);
        MultiUserChat atAlice = muc(alice, room);

        atAlice.create(Resourcepart.from("alice")).getConfigFormManager()
                .setRoomOwners(List.of(alice.getUser().asBareJid(), bob.getUser().asBareJid()))
                .setRoomAdmins(List.of(carol.getUser().asBareJid())).submitConfigurationForm();

        assertThat(atAlice.getOwners()).extracting(a -> a.getJid().toString())
                .containsExactlyInAnyOrder("alice@" + TestServer.DOMAIN, "bob@" + TestServer.DOMAIN);
        assertThat(atAlice.getAdmins()).extracting(a -> a.getJid().toString())
                .containsExactly("carol@" + TestServer.DOMAIN);
        Message notice = atCarol.poll(10, TimeUnit.SECONDS);
        assertThat(notice).isNotNull();
        assertThat(notice.getFrom().toString()).isEqualTo(room.toString());
        MUCUser x = MUCUser.from(notice);
        assertThat(x.getStatus()).containsExactly(MUCUser.Status.create(101));
        assertThat(x.getItem().getAffiliation().name()).isEqualTo("admin");
    }

    @Test
    void aVisitorRequestsVoiceAndAModeratorApproves() throws Exception {
        EntityBareJid room = JidCreate.entityBareFrom("moderated@" + SERVICE);
        MultiUserChat atAlice = muc(alice, room);
        atAlice.create(Resourcepart.from("alice")).getConfigFormManager().makeModerated().submitConfigurationForm();
        BlockingQueue<Message> requests = new LinkedBlockingQueue<>();
        alice.addAsyncStanzaListener(s -> requests.add((Message) s), MessageTypeFilter.NORMAL);
        MultiUserChat atBob = muc(bob, room);
        atBob.join(Resourcepart.from("bob"));
        await().atMost(Duration.ofSeconds(10)).until(() -> atAlice.getOccupants().size() == 2);
        assertThat(atAlice.getOccupant(JidCreate.entityFullFrom(room + "/bob")).getRole()).isEqualTo(MUCRole.visitor);

        atBob.requestVoice();

        Message request = requests.poll(10, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        DataForm form = DataForm.from(request);
        assertThat(form.getType()).isEqualTo(DataForm.Type.form);
        assertThat(form.getField("muc#roomnick").getFirstValue()).isEqualTo("bob");
        DataForm.Builder approval = DataForm.builder(DataForm.Type.submit);
        for (FormField f : form.getFields()) {
            approval.addField(f.getFieldName().equals("muc#request_allow")
                    ? FormField.booleanBuilder("muc#request_allow").setValue(true).build() : f);
        }
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(room).addExtension(approval.build())
                .build());

        await().atMost(Duration.ofSeconds(10)).until(() -> atBob.getOccupant(JidCreate.entityFullFrom(room + "/bob"))
                .getRole() == MUCRole.participant);
    }
}
