package dev.xmppd.s2s.in;

import static dev.xmppd.s2s.in.ScriptedPeer.HEADER;
import static dev.xmppd.s2s.in.ScriptedPeer.streamError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.S2sConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.auth.CertificateVerdict;
import dev.xmppd.s2s.stream.DialbackElement;
import dev.xmppd.s2s.stream.S2sFeatures;
import dev.xmppd.s2s.stream.S2sNamespaces;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The inbound state machine driven by a scripted peer (a.example) against b.example, on an EmbeddedChannel: the
 * header and features, dialback in both roles, the stanza checks, and the limits.
 */
class InboundStreamHandlerTest {
    private static final String MESSAGE = "<message from='romeo@a.example/x' to='alice@b.example/phone'>"
            + "<body>hi</body></message>";

    private final InboundFixture fixture = new InboundFixture();

    /** Opens a stream, authenticates a.example -> b.example by dialback, returns the peer. */
    private ScriptedPeer authenticated() {
        ScriptedPeer peer = fixture.open();
        StreamOpen header = peer.send(HEADER).header();
        peer.read();
        String key = "k-" + header.id();
        peer.send("<db:result from='a.example' to='b.example'>" + key + "</db:result>");
        fixture.verifications.get(fixture.verifications.size() - 1).answer().complete(true);
        assertThat(DialbackElement.parse(peer.element()).type()).isEqualTo(DialbackElement.Type.VALID);
        return peer;
    }

    @Test
    void answersTheHeaderWithAFreshIdDialbackAndFeatures() {
        ScriptedPeer peer = fixture.open();

        StreamOpen header = peer.send(HEADER).header();
        S2sFeatures features = S2sFeatures.parse(peer.element());

        assertThat(header.from()).isEqualTo("b.example");
        assertThat(header.to()).isEqualTo("a.example");
        assertThat(header.dialback()).isTrue();
        assertThat(header.version()).isEqualTo("1.0");
        assertThat(header.id()).hasSize(22);
        // No TLS in this fixture, STARTTLS optional: dialback is all there is; EXTERNAL needs TLS.
        assertThat(features).isEqualTo(new S2sFeatures(false, false, List.of(), true, false));
        peer.finish();
    }

    @Test
    void theNegotiationWorksWhateverWayTheBytesAreSplit() {
        String script = HEADER + "<db:result from='a.example' to='b.example'>KEY</db:result>";
        for (int split = 1; split < script.length(); split++) {
            InboundFixture f = new InboundFixture();
            ScriptedPeer peer = f.open();
            peer.send(script.substring(0, split)).send(script.substring(split));
            f.verifications.get(0).answer().complete(true);
            peer.send(MESSAGE.substring(0, split % MESSAGE.length())).send(MESSAGE.substring(split % MESSAGE.length()));

            assertThat(f.alice.messages()).as("split at %d", split).hasSize(1);
            peer.finish();
        }
    }

    @Test
    void aPeerWithoutVersionIsRefused() {
        ScriptedPeer peer = fixture.open();

        List<XmlElement> out = peer.send(HEADER.replace(" version='1.0'", "")).elements();

        // The decoder requires version 1.x (RFC 6120 §4.7.5); servers older than RFC 3920 are not supported.
        assertThat(streamError(out)).isEqualTo("unsupported-version");
        assertThat(peer.server.isActive()).isFalse();
        peer.finish();
    }

    @Test
    void dialbackAsksTheAuthoritativeServerAndThenRoutesStanzas() {
        ScriptedPeer peer = fixture.open();
        StreamOpen header = peer.send(HEADER).header();
        peer.read();

        peer.send("<db:result from='a.example' to='b.example'>KEY</db:result>");

        assertThat(fixture.verifications).singleElement().satisfies(v -> {
            assertThat(v.receiving()).isEqualTo("b.example");
            assertThat(v.originating()).isEqualTo("a.example");
            assertThat(v.streamId()).isEqualTo(header.id());
            assertThat(v.key()).isEqualTo("KEY");
        });
        assertThat(peer.read()).isEmpty();

        fixture.verifications.get(0).answer().complete(true);

        assertThat(DialbackElement.parse(peer.element()))
                .isEqualTo(DialbackElement.resultAnswer("b.example", "a.example", true));
        assertThat(fixture.streams.links()).containsExactly(
                new InboundLink(new DomainPair("b.example", "a.example"), InboundLink.DIALBACK, null));

        peer.send(MESSAGE);

        assertThat(fixture.alice.messages()).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("hi");
            assertThat(m.element().namespace()).isEqualTo(dev.xmppd.core.xml.Namespaces.CLIENT);
        });
        peer.finish();
        assertThat(fixture.streams.links()).isEmpty();
    }

    @Test
    void anInvalidKeyOnAStreamWithNothingElseEndsIt() {
        ScriptedPeer peer = fixture.open();
        peer.send(HEADER).header();
        peer.read();

        peer.send("<db:result from='a.example' to='b.example'>forged</db:result>");
        fixture.verifications.get(0).answer().complete(false);

        List<Object> out = peer.read();
        List<XmlElement> elements = out.stream().filter(XmlElement.class::isInstance).map(XmlElement.class::cast)
                .toList();
        assertThat(DialbackElement.parse(elements.get(0)).type()).isEqualTo(DialbackElement.Type.INVALID);
        assertThat(streamError(elements)).isEqualTo("not-authorized");
        assertThat(peer.server.isActive()).isFalse();
        peer.finish();
    }

    @Test
    void anInvalidKeyForAnotherSenderLeavesAnAuthenticatedStreamOpen() {
        ScriptedPeer peer = authenticated();

        peer.send("<db:result from='chat.a.example' to='b.example'>forged</db:result>");
        fixture.verifications.get(1).answer().complete(false);

        assertThat(DialbackElement.parse(peer.element()).type()).isEqualTo(DialbackElement.Type.INVALID);
        assertThat(peer.server.isActive()).isTrue();
        peer.send(MESSAGE);
        assertThat(fixture.alice.messages()).hasSize(1);
        peer.finish();
    }

    @Test
    void anUnreachableAuthoritativeServerIsADialbackErrorNotAStreamError() {
        ScriptedPeer peer = fixture.open();
        peer.send(HEADER).header();
        peer.read();

        peer.send("<db:result from='a.example' to='b.example'>KEY</db:result>");
        fixture.verifications.get(0).answer().completeExceptionally(new TimeoutException("no answer in 30s"));

        DialbackElement answer = DialbackElement.parse(peer.element());
        assertThat(answer.type()).isEqualTo(DialbackElement.Type.ERROR);
        assertThat(answer.error().condition()).isEqualTo(Condition.REMOTE_SERVER_TIMEOUT);
        assertThat(peer.server.isActive()).isTrue();
        peer.finish();
    }

    @Test
    void piggybackedPairsAreVerifiedOneByOneAndAnUnknownTargetIsItemNotFound() {
        ScriptedPeer peer = authenticated();

        peer.send("<db:result from='chat.a.example' to='b.example'>K2</db:result>");
        peer.send("<db:result from='a.example' to='c.example'>K3</db:result>");

        DialbackElement unknown = DialbackElement.parse(peer.element());
        assertThat(unknown.type()).isEqualTo(DialbackElement.Type.ERROR);
        assertThat(unknown.error().condition()).isEqualTo(Condition.ITEM_NOT_FOUND);
        assertThat(unknown.from()).isEqualTo("c.example");

        fixture.verifications.get(1).answer().complete(true);
        assertThat(DialbackElement.parse(peer.element()).type()).isEqualTo(DialbackElement.Type.VALID);

        peer.send("<message from='room@chat.a.example/nick' to='alice@b.example/phone'><body>2</body></message>");
        assertThat(fixture.alice.messages()).hasSize(1);
        peer.finish();
    }

    @Test
    void answersDbVerifyAsAuthoritativeServerEvenBeforeAuthentication() {
        ScriptedPeer peer = fixture.open();
        peer.send(HEADER.replace("from='a.example' to='b.example'", "from='c.example' to='b.example'")).header();
        peer.read();
        String good = fixture.keys.generate("c.example", "b.example", "S1");

        peer.send("<db:verify from='c.example' to='b.example' id='S1'>" + good + "</db:verify>");
        peer.send("<db:verify from='c.example' to='b.example' id='S2'>" + good + "</db:verify>");
        peer.send("<db:verify from='c.example' to='x.example' id='S1'>" + good + "</db:verify>");

        List<DialbackElement> answers = peer.elements().stream().map(DialbackElement::parse).toList();
        assertThat(answers.get(0)).isEqualTo(DialbackElement.verifyAnswer("b.example", "c.example", "S1", true));
        assertThat(answers.get(1)).isEqualTo(DialbackElement.verifyAnswer("b.example", "c.example", "S2", false));
        assertThat(answers.get(2).type()).isEqualTo(DialbackElement.Type.ERROR);
        assertThat(answers.get(2).error().condition()).isEqualTo(Condition.ITEM_NOT_FOUND);
        assertThat(peer.server.isActive()).isTrue();
        peer.finish();
    }

    @Test
    void aStanzaBeforeAuthenticationIsNotAuthorized() {
        ScriptedPeer peer = fixture.open();
        peer.send(HEADER).header();
        peer.read();

        peer.send(MESSAGE);

        assertThat(streamError(peer.elements())).isEqualTo("not-authorized");
        assertThat(fixture.alice.messages()).isEmpty();
        peer.finish();
    }

    @Test
    void aForgedFromIsInvalidFrom() {
        ScriptedPeer peer = authenticated();

        peer.send(MESSAGE.replace("romeo@a.example/x", "mallory@evil.example"));

        assertThat(streamError(peer.elements())).isEqualTo("invalid-from");
        assertThat(peer.server.isActive()).isFalse();
        assertThat(fixture.alice.messages()).isEmpty();
        peer.finish();
    }

    @Test
    void aStanzaToADomainNotServedHereIsHostUnknown() {
        ScriptedPeer peer = authenticated();

        peer.send(MESSAGE.replace("alice@b.example/phone", "alice@c.example"));

        assertThat(streamError(peer.elements())).isEqualTo("host-unknown");
        peer.finish();
    }

    @Test
    void aStanzaWithoutFromOrWithAMalformedToIsImproperAddressing() {
        ScriptedPeer first = authenticated();
        first.send("<message to='alice@b.example'><body>x</body></message>");
        assertThat(streamError(first.elements())).isEqualTo("improper-addressing");
        first.finish();

        ScriptedPeer second = authenticated();
        second.send("<message from='romeo@a.example' to='@b.example'><body>x</body></message>");
        assertThat(streamError(second.elements())).isEqualTo("improper-addressing");
        second.finish();
    }

    @Test
    void aHeaderForADomainNotServedHereIsHostUnknown() {
        ScriptedPeer peer = fixture.open();

        List<Object> out = peer.send(HEADER.replace("to='b.example'", "to='c.example'")).read();

        assertThat(out.get(0)).isInstanceOf(StreamOpen.class);
        assertThat(streamError(out.stream().filter(XmlElement.class::isInstance).map(XmlElement.class::cast)
                .toList())).isEqualTo("host-unknown");
        assertThat(peer.server.isActive()).isFalse();
        peer.finish();
    }

    @Test
    void dialbackBeforeTlsIsAPolicyViolationWhenTlsIsRequired() {
        ScriptedPeer peer = fixture.open(StartTlsPolicy.REQUIRED);
        peer.send(HEADER).header();
        peer.read();

        peer.send("<db:result from='a.example' to='b.example'>KEY</db:result>");

        DialbackElement answer = DialbackElement.parse(peer.element());
        assertThat(answer.error().condition()).isEqualTo(Condition.POLICY_VIOLATION);
        assertThat(fixture.verifications).isEmpty();
        peer.finish();
    }

    @Test
    void certificatesPolicyRefusesDialbackWithoutAValidCertificate() {
        InboundFixture strict = new InboundFixture(S2sConfig.defaults().withAuth(S2sConfig.AUTH_CERTIFICATES),
                (chain, domain) -> CertificateVerdict.untrusted("self-signed"));
        ScriptedPeer peer = strict.open();
        peer.send(HEADER).header();
        assertThat(S2sFeatures.parse(peer.element()).dialback()).isFalse();

        peer.send("<db:result from='a.example' to='b.example'>KEY</db:result>");

        assertThat(DialbackElement.parse(peer.element()).error().condition()).isEqualTo(Condition.NOT_AUTHORIZED);
        assertThat(strict.verifications).isEmpty();
        peer.finish();
    }

    @Test
    void streamsPerDomainLimitsAuthenticatedStreams() {
        InboundFixture one = new InboundFixture(new S2sConfig(S2sConfig.AUTH_DIALBACK_ALLOWED, List.of(),
                java.util.Map.of(), java.time.Duration.ofSeconds(30), java.time.Duration.ofMinutes(10), 10, 1),
                (chain, domain) -> CertificateVerdict.untrusted("no certificate"));
        ScriptedPeer first = one.open();
        ScriptedPeer second = one.open();
        for (ScriptedPeer p : List.of(first, second)) {
            p.send(HEADER).header();
            p.read();
            p.send("<db:result from='a.example' to='b.example'>KEY</db:result>");
        }
        one.verifications.forEach(v -> v.answer().complete(true));

        assertThat(DialbackElement.parse(first.element()).type()).isEqualTo(DialbackElement.Type.VALID);
        DialbackElement refused = DialbackElement.parse(second.element());
        assertThat(refused.error().condition()).isEqualTo(Condition.RESOURCE_CONSTRAINT);
        assertThat(one.streams.streamCounts()).containsEntry("a.example", 1);

        first.finish();
        assertThat(one.streams.streamCounts()).isEmpty();
        second.finish();
    }

    @Test
    void anIdleStreamIsClosed() {
        ScriptedPeer peer = authenticated();

        peer.server.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);

        assertThat(peer.closed()).isTrue();
        peer.finish();
    }

    @Test
    void aStreamThatDoesNotAuthenticateInTimeIsClosed() {
        ScriptedPeer peer = fixture.open();
        peer.send(HEADER).header();
        peer.read();

        peer.server.advanceTimeBy(61, TimeUnit.SECONDS);
        peer.server.runScheduledPendingTasks();

        assertThat(streamError(peer.elements())).isEqualTo("connection-timeout");
        peer.finish();
    }

    @Test
    void theDialbackNamespaceIsReadWithAnyPrefix() {
        ScriptedPeer peer = fixture.open();
        peer.send(HEADER).header();
        peer.read();

        peer.send("<x:result xmlns:x='" + S2sNamespaces.DIALBACK + "' from='a.example' to='b.example'>K</x:result>");

        assertThat(fixture.verifications).hasSize(1);
        peer.finish();
    }

    @Test
    void thePeersStreamErrorAndCloseEndTheStream() {
        ScriptedPeer peer = authenticated();

        peer.send("<stream:error><system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"
                + "</stream:stream>");

        assertThat(peer.closed()).isTrue();
        peer.finish();
    }
}
