package dev.xmppd.app.it.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.app.it.federation.FederatedServers.Certificates;
import dev.xmppd.s2s.in.InboundLink;
import dev.xmppd.s2s.out.OutboundLinks.LinkStatus;
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
        // Execute system under test
        FederatedServers.RoundTrip trip = servers.roundTrip("signed by our CA", "so is mine");

        // Verify results
        assertThat(trip.atBob().getBody()).isEqualTo("signed by our CA");
        assertThat(trip.atAlice().getBody()).isEqualTo("so is mine");
        for (FederatedDomain d : new FederatedDomain[] {servers.a(), servers.b()}) {
            assertThat(d.server().federation().status().outbound()).extracting(LinkStatus::method)
                    .containsOnly("SASL EXTERNAL");
            assertThat(d.server().federation().status().inbound()).extracting(InboundLink::method)
                    .containsOnly(InboundLink.SASL_EXTERNAL);
        }
    }
}
