package dev.xmppd.s2s.in;

import static dev.xmppd.s2s.in.ScriptedPeer.HEADER;
import static dev.xmppd.s2s.in.ScriptedPeer.streamError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.S2sConfig;
import dev.xmppd.s2s.auth.CertificateVerdict;
import dev.xmppd.s2s.stream.DialbackElement;
import dev.xmppd.s2s.stream.S2sFeatures;
import org.junit.jupiter.api.Test;

/**
 * XEP-0288 on the receiving side (b.example, with a.example as the scripted peer): the feature, the request, and
 * which reverse pairs become routes for our stanzas, and when.
 */
class InboundBidiTest {
    private static final String BIDI = "<bidi xmlns='urn:xmpp:bidi'/>";

    private final InboundFixture fixture = new InboundFixture();

    /** Sends the header (and {@code afterHeader}) and returns the offered features. */
    private static S2sFeatures open(ScriptedPeer peer, String afterHeader) {
        peer.send(HEADER + afterHeader).header();
        return S2sFeatures.parse(peer.elements().get(0));
    }

    private String dialback(ScriptedPeer peer, String from, String to, boolean valid) {
        peer.send("<db:result from='" + from + "' to='" + to + "'>KEY</db:result>");
        fixture.verifications.get(fixture.verifications.size() - 1).answer().complete(valid);
        return DialbackElement.parse(peer.elements().get(0)).type().value();
    }

    @Test
    void bidiIsOfferedWhenRoutesTakeRegistrations() {
        ScriptedPeer peer = fixture.openBidi();

        S2sFeatures features = open(peer, "");

        assertThat(features.bidi()).isTrue();
        assertThat(features.dialback()).isTrue();
        peer.finish();
    }

    @Test
    void bidiIsNotOfferedWhenSwitchedOff() {
        InboundFixture off = new InboundFixture(S2sConfig.defaults().withBidi(false),
                (chain, domain) -> CertificateVerdict.untrusted("no certificate"));
        ScriptedPeer peer = off.openBidi();

        S2sFeatures features = open(peer, "");

        assertThat(features.bidi()).isFalse();
        peer.send(BIDI);
        assertThat(streamError(peer.elements())).isEqualTo("unsupported-feature");
        assertThat(off.routes).isEmpty();
        peer.finish();
    }

    @Test
    void aRequestedBidiStreamBecomesTheRouteOfTheReversePairOnceDialbackSucceeds() {
        ScriptedPeer peer = fixture.openBidi();
        open(peer, BIDI);
        assertThat(fixture.routes).isEmpty();

        assertThat(dialback(peer, "a.example", "b.example", true)).isEqualTo("valid");

        assertThat(fixture.routes).containsExactly("register b.example -> a.example dialback");
        peer.send("</stream:stream>");
        assertThat(fixture.routes).containsExactly("register b.example -> a.example dialback",
                "unregister b.example -> a.example");
        peer.finish();
    }

    @Test
    void aPairAuthenticatedBeforeTheRequestIsRegisteredWhenBidiIsRequested() {
        ScriptedPeer peer = fixture.openBidi();
        open(peer, "");
        dialback(peer, "a.example", "b.example", true);
        assertThat(fixture.routes).isEmpty();

        peer.send(BIDI);

        assertThat(fixture.routes).containsExactly("register b.example -> a.example dialback");
        peer.finish();
    }

    @Test
    void anInvalidKeyRegistersNothing() {
        ScriptedPeer peer = fixture.openBidi();
        open(peer, BIDI);

        assertThat(dialback(peer, "a.example", "b.example", false)).isEqualTo("invalid");

        assertThat(fixture.routes).isEmpty();
        peer.finish();
    }

    @Test
    void withoutARequestNothingIsRegistered() {
        ScriptedPeer peer = fixture.openBidi();
        open(peer, "");

        dialback(peer, "a.example", "b.example", true);

        assertThat(fixture.routes).isEmpty();
        peer.finish();
    }
}
