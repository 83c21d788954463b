package dev.xmppd.app.it.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.app.it.federation.FederatedServers.Certificates;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.Federation;
import dev.xmppd.s2s.out.OutboundLinks;
import dev.xmppd.s2s.out.OutboundLinks.LinkStatus;
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
        // Execute system under test
        FederatedServers.RoundTrip trip = servers.roundTrip("over dialback", "back on your stream");

        // Verify results
        assertThat(trip.atBob().getBody()).isEqualTo("over dialback");
        assertThat(trip.atAlice().getBody()).isEqualTo("back on your stream");
        Federation.Status a = servers.a().server().federation().status();
        Federation.Status b = servers.b().server().federation().status();
        assertThat(a.outbound()).contains(
                new LinkStatus(new DomainPair("a.test", "b.test"), "AUTHENTICATED", "dialback", true));
        assertThat(b.outbound()).contains(
                new LinkStatus(new DomainPair("b.test", "a.test"), OutboundLinks.PEER_STREAM, "dialback", true));
    }
}
