package dev.xmppd.app.it.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.app.it.federation.FederatedServers.Certificates;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.Federation;
import dev.xmppd.s2s.in.InboundLink;
import dev.xmppd.s2s.out.OutboundLinks;
import dev.xmppd.s2s.out.OutboundLinks.LinkStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * XEP-0288 with certificates: a.test connects to b.test, authenticates with SASL EXTERNAL and asks for a
 * bidirectional stream; b.test's answers travel back on that stream, so the two servers share ONE TCP connection
 * (b.test has no link of its own to a.test, and a.test no inbound stream).
 */
class BidiCertificateFederationIT {
    @RegisterExtension
    static final FederatedServers servers = new FederatedServers(Certificates.TEST_CA);

    @Test
    void bothDirectionsShareTheStreamAOpened() throws Exception {
        // Execute system under test
        FederatedServers.RoundTrip trip = servers.roundTrip("one connection", "both ways");

        // Verify results
        assertThat(trip.atBob().getBody()).isEqualTo("one connection");
        assertThat(trip.atAlice().getBody()).isEqualTo("both ways");
        assertThat(trip.atAlice().getFrom().toString()).isEqualTo(trip.bob());
        Federation.Status a = servers.a().server().federation().status();
        Federation.Status b = servers.b().server().federation().status();
        assertThat(a.outbound()).containsExactly(
                new LinkStatus(new DomainPair("a.test", "b.test"), "AUTHENTICATED", "SASL EXTERNAL", true));
        assertThat(b.outbound()).containsExactly(
                new LinkStatus(new DomainPair("b.test", "a.test"), OutboundLinks.PEER_STREAM, "SASL EXTERNAL", true));
        assertThat(b.inbound()).extracting(InboundLink::pair, InboundLink::method)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(new DomainPair("b.test", "a.test"),
                        InboundLink.SASL_EXTERNAL));
        assertThat(a.inbound()).isEmpty();
    }
}
