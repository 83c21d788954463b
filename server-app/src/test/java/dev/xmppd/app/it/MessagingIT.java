package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.SimpleIQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/** Two real clients chat (RFC 6121 §8), ping the server (XEP-0199) and discover it (XEP-0030). */
class MessagingIT {
    @RegisterExtension
    static final TestServer server = new TestServer();

    static XMPPTCPConnection alice;
    static XMPPTCPConnection bob;
    static final BlockingQueue<Message> toAlice = new LinkedBlockingQueue<>();
    static final BlockingQueue<Message> toBob = new LinkedBlockingQueue<>();

    @BeforeAll
    static void login() throws Exception {
        server.addUser("alice", "alice-pw");
        server.addUser("bob", "bob-pw");
        alice = server.login("alice", "alice-pw");
        bob = server.login("bob", "bob-pw");
        alice.addAsyncStanzaListener(s -> toAlice.add((Message) s), StanzaTypeFilter.MESSAGE);
        bob.addAsyncStanzaListener(s -> toBob.add((Message) s), StanzaTypeFilter.MESSAGE);
    }

    @AfterAll
    static void logout() {
        alice.disconnect();
        bob.disconnect();
    }

    @Test
    void messagesFlowBothWays() throws Exception {
        // Execute system under test: to the bare JID, then the answer to the full JID
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to("bob@localhost")
                .ofType(Message.Type.chat).setBody("Wherefore art thou, Grüße 😀?").build());
        Message atBob = toBob.poll(10, TimeUnit.SECONDS);
        bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(atBob.getFrom())
                .ofType(Message.Type.chat).setBody("Here!").build());
        Message atAlice = toAlice.poll(10, TimeUnit.SECONDS);

        // Verify results
        assertThat(atBob.getBody()).isEqualTo("Wherefore art thou, Grüße 😀?");
        assertThat(atBob.getFrom().toString()).isEqualTo(alice.getUser().toString());
        assertThat(atAlice.getBody()).isEqualTo("Here!");
        assertThat(atAlice.getFrom().toString()).isEqualTo(bob.getUser().toString());
    }

    @Test
    void serverStampsTheSender() throws Exception {
        // A spoofed 'from' is replaced by the sender's full JID (RFC 6120 §8.1.2.1)
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(bob.getUser())
                .from(JidCreate.from("mallory@localhost/evil")).setBody("spoof").build());

        Message atBob = toBob.poll(10, TimeUnit.SECONDS);

        assertThat(atBob.getBody()).isEqualTo("spoof");
        assertThat(atBob.getFrom().toString()).isEqualTo(alice.getUser().toString());
    }

    @Test
    void messageToNonexistentUserBouncesServiceUnavailable() throws Exception {
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to("nobody@localhost")
                .setBody("anyone?").build());

        Message error = toAlice.poll(10, TimeUnit.SECONDS);

        assertThat(error.getType()).isEqualTo(Message.Type.error);
        assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
        assertThat(error.getFrom().toString()).isEqualTo("nobody@localhost");
    }

    @Test
    void pingsTheServer() throws Exception {
        assertThat(PingManager.getInstanceFor(alice).pingMyServer(true, 10_000)).isTrue();
    }

    @Test
    void discoversTheServer() throws Exception {
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice)
                .discoverInfo(JidCreate.domainBareFrom("localhost"));

        assertThat(info.containsFeature("urn:xmpp:ping")).isTrue();
        assertThat(info.containsFeature("http://jabber.org/protocol/disco#info")).isTrue();
        assertThat(info.getIdentities()).anySatisfy(i -> {
            assertThat(i.getCategory()).isEqualTo("server");
            assertThat(i.getType()).isEqualTo("im");
        });
    }

    @Test
    void unknownIqIsServiceUnavailable() throws Exception {
        // RFC 6120 §8.4: nobody here understands this payload
        UnknownIq iq = new UnknownIq();
        iq.setTo(JidCreate.from("localhost"));

        assertThatThrownBy(() -> alice.sendIqRequestAndWaitForResponse(iq))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.service_unavailable));
    }

    @Test
    void iqToAnUnboundResourceIsServiceUnavailable() throws Exception {
        // RFC 6121 §8.5.3.2.2
        UnknownIq iq = new UnknownIq();
        iq.setTo(JidCreate.from("bob@localhost/nowhere"));

        assertThatThrownBy(() -> alice.sendIqRequestAndWaitForResponse(iq))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.service_unavailable));
    }

    @Test
    void discoNodeThatDoesNotExistIsItemNotFound() {
        assertThatThrownBy(() -> ServiceDiscoveryManager.getInstanceFor(alice)
                .discoverItems(JidCreate.from("localhost"), "no-such-node"))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.item_not_found));
    }

    private static final class UnknownIq extends SimpleIQ {
        UnknownIq() {
            super("query", "urn:example:unknown");
            setType(IQ.Type.get);
        }
    }
}
