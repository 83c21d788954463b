package dev.xmppd.app.it.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.app.it.federation.FederatedServers.Certificates;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.Federation;
import dev.xmppd.s2s.out.OutboundLinks;
import dev.xmppd.s2s.out.OutboundLinks.LinkStatus;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * XEP-0288 with dialback (self-signed certificates): a.test asks for a bidirectional stream and authenticates
 * a.test -> b.test with {@code <db:result/>}; b.test's stanzas to a.test then take that stream (the inverse of the
 * pair, XEP-0288 §2). The dialback check itself needs a second connection, from b.test to a.test's authoritative
 * server (XEP-0288 §2: never on the stream that carried the key); it is not used for b.test's stanzas.
 */
class BidiDialbackFederationIT {
    @RegisterExtension
    static final FederatedServers servers = new FederatedServers(Certificates.SELF_SIGNED);

    @Test
    void theReverseDirectionTakesThePeersStream() throws Exception {
        // Setup test fixture
        XMPPTCPConnection alice = servers.a().newUser("alice");
        XMPPTCPConnection bob = servers.b().newUser("bob");
        BlockingQueue<Message> toAlice = new LinkedBlockingQueue<>();
        BlockingQueue<Message> toBob = new LinkedBlockingQueue<>();
        alice.addSyncStanzaListener(s -> toAlice.add((Message) s), StanzaTypeFilter.MESSAGE);
        bob.addSyncStanzaListener(s -> toBob.add((Message) s), StanzaTypeFilter.MESSAGE);

        // Execute system under test
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(servers.b().jid("bob"))
                .ofType(Message.Type.chat).setBody("over dialback").build());
        Message atBob = toBob.poll(20, TimeUnit.SECONDS);
        bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(atBob.getFrom())
                .ofType(Message.Type.chat).setBody("back on your stream").build());
        Message atAlice = toAlice.poll(20, TimeUnit.SECONDS);

        // Verify results
        assertThat(atBob.getBody()).isEqualTo("over dialback");
        assertThat(atAlice.getBody()).isEqualTo("back on your stream");
        Federation.Status a = servers.a().server().federation().status();
        Federation.Status b = servers.b().server().federation().status();
        assertThat(a.outbound()).contains(
                new LinkStatus(new DomainPair("a.test", "b.test"), "AUTHENTICATED", "dialback", true));
        assertThat(b.outbound()).contains(
                new LinkStatus(new DomainPair("b.test", "a.test"), OutboundLinks.PEER_STREAM, "dialback", true));
        alice.disconnect();
        bob.disconnect();
    }
}
