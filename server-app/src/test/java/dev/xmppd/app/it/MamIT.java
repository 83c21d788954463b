package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.XmppdConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.mam.element.MamElements.MamResultExtension;
import org.jivesoftware.smackx.mam.element.MamPrefsIQ;
import org.jivesoftware.smackx.mam.element.MamVersion;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0313 with Smack's MamManager: 25 messages paged by 10 forward and backward, after a restart; the XEP-0359
 * stanza-id of each delivered message is its archive id; XEP-0441's {@code roster} default.
 */
class MamIT {
    @RegisterExtension
    static final TestServer server = new TestServer(MamIT::withMam);

    static XmppdConfig withMam(XmppdConfig c) {
        return BlockingIT.withModules(c, "mam");
    }

    @Test
    void pagesThroughTheArchiveForwardAndBackwardAfterARestart() throws Exception {
        // Setup test fixture
        server.addUser("alice", "alice-pw");
        server.addUser("bob", "bob-pw");
        XMPPTCPConnection alice = server.login("alice", "alice-pw");
        XMPPTCPConnection bob = server.login("bob", "bob-pw");
        BlockingQueue<Message> atBob = new LinkedBlockingQueue<>();
        bob.addSyncStanzaListener(s -> atBob.add((Message) s), StanzaTypeFilter.MESSAGE);
        for (int i = 0; i < 25; i++) {
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to("bob@localhost")
                    .ofType(Message.Type.chat).setBody("message " + i).build());
        }
        List<String> stanzaIds = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Message m = atBob.poll(10, TimeUnit.SECONDS);
            assertThat(m.getBody()).isEqualTo("message " + i);
            StanzaIdElement sid = StanzaIdElement.getStanzaId(m);
            assertThat(sid.getBy()).isEqualTo("bob@localhost");
            stanzaIds.add(sid.getId());
        }
        alice.disconnect();
        bob.disconnect();
        server.stop();
        server.start();
        bob = server.login("bob", "bob-pw");
        MamManager mam = MamManager.getInstanceFor(bob);
        // Smack learns the MAM version from the account's disco#info here; queryArchive needs it first.
        assertThat(mam.isSupported()).isTrue();

        // Execute system under test
        MamQuery forward = mam.queryArchive(MamQueryArgs.builder().setResultPageSize(10).build());
        List<String> forwardIds = new ArrayList<>(ids(forward));
        List<String> bodies = new ArrayList<>(bodies(forward.getMessages()));
        boolean completeAfterFirst = forward.isComplete();
        bodies.addAll(bodies(forward.pageNext(10)));
        forwardIds.addAll(ids(forward));
        bodies.addAll(bodies(forward.pageNext(10)));
        forwardIds.addAll(ids(forward));
        MamQuery backward = mam.queryArchive(MamQueryArgs.builder().queryLastPage().setResultPageSize(10).build());
        List<String> lastPage = ids(backward);
        List<Message> previous = backward.pagePrevious(10);
        List<String> previousPage = ids(backward);
        List<Message> first = backward.pagePrevious(10);

        // Verify results
        assertThat(completeAfterFirst).isFalse();
        assertThat(forward.isComplete()).isTrue();
        assertThat(forwardIds).isEqualTo(stanzaIds);
        assertThat(bodies).hasSize(25).first().isEqualTo("message 0");
        assertThat(bodies).last().isEqualTo("message 24");
        assertThat(lastPage).isEqualTo(stanzaIds.subList(15, 25));
        assertThat(previous).hasSize(10);
        assertThat(previousPage).isEqualTo(stanzaIds.subList(5, 15));
        assertThat(bodies(first)).containsExactly("message 0", "message 1", "message 2", "message 3", "message 4");
        assertThat(backward.isComplete()).isTrue();
        bob.disconnect();
    }

    @Test
    void withTheRosterDefaultOnlyMessagesWithContactsAreArchived() throws Exception {
        // Setup test fixture: Erin is on Dana's roster, Frank is not; Dana asks for 'roster' (XEP-0441 §3)
        server.addUser("dana", "dana-pw");
        server.addUser("erin", "erin-pw");
        server.addUser("frank", "frank-pw");
        XMPPTCPConnection dana = server.login("dana", "dana-pw");
        XMPPTCPConnection erin = server.login("erin", "erin-pw");
        XMPPTCPConnection frank = server.login("frank", "frank-pw");
        Roster.getInstanceFor(dana).createItem(JidCreate.bareFrom("erin@localhost"), "Erin", null);
        MamManager mam = MamManager.getInstanceFor(dana);
        assertThat(mam.isSupported()).isTrue();
        // Not mam.enableMamForRosterMessages(): Smack 4.5.0-beta5 reads the MAM version from the IQ's stanza
        // namespace (jabber:client) there and throws before sending anything.
        MamPrefsIQ set = new MamPrefsIQ(MamVersion.MAM2, List.of(), List.of(), MamPrefsIQ.DefaultBehavior.roster);
        set.setType(IQ.Type.set);
        MamPrefsIQ prefs = dana.sendIqRequestAndWaitForResponse(set);
        BlockingQueue<Message> atDana = new LinkedBlockingQueue<>();
        dana.addSyncStanzaListener(s -> atDana.add((Message) s), StanzaTypeFilter.MESSAGE);

        // Execute system under test
        List<Message> received = new ArrayList<>();
        for (XMPPTCPConnection from : List.of(erin, frank)) {
            from.sendStanza(from.getStanzaFactory().buildMessageStanza().to("dana@localhost")
                    .ofType(Message.Type.chat).setBody("from " + from.getUser().getLocalpart()).build());
            received.add(atDana.poll(10, TimeUnit.SECONDS));
        }
        dana.sendStanza(dana.getStanzaFactory().buildMessageStanza().to("frank@localhost")
                .ofType(Message.Type.chat).setBody("to frank").build());
        dana.sendStanza(dana.getStanzaFactory().buildMessageStanza().to("erin@localhost")
                .ofType(Message.Type.chat).setBody("to erin").build());
        // The archive answers after the writes decided before the query (see MamArchiver.afterWrites).
        MamQuery all = mam.queryArchive(MamQueryArgs.builder().setResultPageSize(10).build());

        // Verify results: only the exchanges with Erin; Frank's message went out without a stanza-id
        assertThat(prefs.getDefault()).isEqualTo(MamPrefsIQ.DefaultBehavior.roster);
        assertThat(bodies(all.getMessages())).containsExactly("from erin", "to erin");
        assertThat(bodies(received)).containsExactly("from erin", "from frank");
        assertThat(StanzaIdElement.getStanzaId(received.get(0))).isNotNull();
        assertThat(StanzaIdElement.getStanzaId(received.get(1))).isNull();
        dana.disconnect();
        erin.disconnect();
        frank.disconnect();
    }

    private static List<String> ids(MamQuery query) {
        return query.getMamResultExtensions().stream().map(MamResultExtension::getId).toList();
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::getBody).toList();
    }
}
