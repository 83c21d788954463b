package dev.xmppd.app.it.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.app.it.federation.FederatedServers.Certificates;
import dev.xmppd.s2s.in.InboundLink;
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
 * Two xmppd instances with certificates of a CA each trusts through {@code s2s.ca} authenticate each other with SASL
 * EXTERNAL (XEP-0178) in both directions, never with dialback. Bidirectional streams are off here
 * ({@code s2s.bidi: false}), so each direction has its own stream, as with RFC 3920 peers; {@link BidiFederationIT}
 * covers the default.
 */
class CertificateFederationIT {
    @RegisterExtension
    static final FederatedServers servers = new FederatedServers(Certificates.TEST_CA, FederatedServers.bidi(false),
            FederatedServers.bidi(false));

    @Test
    void linksAuthenticateWithSaslExternalBothWays() throws Exception {
        // Setup test fixture
        XMPPTCPConnection alice = servers.a().newUser("alice");
        XMPPTCPConnection bob = servers.b().newUser("bob");
        BlockingQueue<Message> toAlice = new LinkedBlockingQueue<>();
        BlockingQueue<Message> toBob = new LinkedBlockingQueue<>();
        alice.addSyncStanzaListener(s -> toAlice.add((Message) s), StanzaTypeFilter.MESSAGE);
        bob.addSyncStanzaListener(s -> toBob.add((Message) s), StanzaTypeFilter.MESSAGE);

        // Execute system under test
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(servers.b().jid("bob"))
                .ofType(Message.Type.chat).setBody("signed by our CA").build());
        Message atBob = toBob.poll(20, TimeUnit.SECONDS);
        bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(atBob.getFrom())
                .ofType(Message.Type.chat).setBody("so is mine").build());
        Message atAlice = toAlice.poll(20, TimeUnit.SECONDS);

        // Verify results
        assertThat(atBob.getBody()).isEqualTo("signed by our CA");
        assertThat(atAlice.getBody()).isEqualTo("so is mine");
        for (FederatedDomain d : new FederatedDomain[] {servers.a(), servers.b()}) {
            assertThat(d.server().federation().status().outbound()).extracting(LinkStatus::method)
                    .containsOnly("SASL EXTERNAL");
            assertThat(d.server().federation().status().inbound()).extracting(InboundLink::method)
                    .containsOnly(InboundLink.SASL_EXTERNAL);
        }
        alice.disconnect();
        bob.disconnect();
    }
}
