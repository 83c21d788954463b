package dev.xmppd.s2s.component;

import static dev.xmppd.s2s.component.ComponentFixture.DOMAIN;
import static dev.xmppd.s2s.component.ComponentFixture.HEADER;
import static dev.xmppd.s2s.component.ComponentFixture.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.s2s.component.ComponentFixture.Peer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The XEP-0114 stream of one component on an EmbeddedChannel: header, handshake, stanzas both ways, errors. */
class ComponentStreamHandlerTest {
    private static final String MESSAGE = "<message from='bot@gw.example.com' to='alice@example.com/phone'>"
            + "<body>hi</body></message>";

    private final ComponentFixture fixture = new ComponentFixture();

    @Test
    void answersTheHeaderWithTheDomainAndAFreshIdAndNoVersion() {
        Peer peer = fixture.connect();

        StreamOpen header = peer.send(HEADER).header();

        assertThat(header.contentNamespace()).isEqualTo(Namespaces.COMPONENT);
        assertThat(header.from()).isEqualTo(DOMAIN);
        assertThat(header.id()).hasSize(22);
        assertThat(header.version()).isNull();
        assertThat(peer.read()).isEmpty(); // no features: the component speaks next
        peer.finish();
    }

    @Test
    void theRightHandshakeIsAnsweredWithAnEmptyHandshake() {
        Peer peer = fixture.connect();
        StreamOpen header = peer.send(HEADER).header();

        peer.send("<handshake>" + Handshake.digest(header.id(), SECRET) + "</handshake>");

        XmlElement answer = peer.element();
        assertThat(answer.is(Namespaces.COMPONENT, "handshake")).isTrue();
        assertThat(answer.children()).isEmpty();
        assertThat(fixture.links.connectedDomains()).containsExactly(DOMAIN);
        peer.finish();
        assertThat(fixture.links.connectedDomains()).isEmpty();
    }

    @Test
    void theDigestIsXep0114sExample() {
        // XEP-0114 §3, Example 3 leaves the secret out; this is SHA-1("3BF96D32" + "secret") computed independently.
        assertThat(Handshake.digest("3BF96D32", "secret")).isEqualTo(sha1Hex("3BF96D32secret"));
        assertThat(Handshake.matches("id", "s", Handshake.digest("id", "s").toUpperCase())).isTrue();
        assertThat(Handshake.matches("id", "s", Handshake.digest("id", "other"))).isFalse();
        assertThat(Handshake.matches("id", "s", null)).isFalse();
    }

    private static String sha1Hex(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-1")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aWrongSecretIsNotAuthorizedAndTheConnectionCloses() {
        Peer peer = fixture.connect();
        StreamOpen header = peer.send(HEADER).header();

        peer.send("<handshake>" + Handshake.digest(header.id(), "guess") + "</handshake>");

        assertThat(peer.streamErrorAndClose()).isEqualTo("not-authorized");
        assertThat(fixture.links.connectedDomains()).isEmpty();
        peer.finish();
    }

    @ParameterizedTest
    @CsvSource({
        "to='other.example.com'",
        "to='example.com'",
        "to='user@gw.example.com'",
        "''"})
    void anUnknownDomainGetsAHeaderThenHostUnknown(String to) {
        Peer peer = fixture.connect();

        peer.send(HEADER.replace("to='" + DOMAIN + "'", to));

        StreamOpen header = peer.header(); // XEP-0114 §3: a header, then the error
        assertThat(header.from()).isNull();
        assertThat(peer.streamErrorAndClose()).isEqualTo("host-unknown");
        peer.finish();
    }

    @Test
    void aWrongNamespaceIsInvalidNamespace() {
        Peer peer = fixture.connect();

        peer.send(HEADER.replace("jabber:component:accept", "jabber:client"));

        assertThat(peer.streamErrorAndClose()).isEqualTo("invalid-namespace");
        peer.finish();
    }

    @Test
    void aStanzaBeforeTheHandshakeIsNotAuthorized() {
        Peer peer = fixture.connect();
        peer.send(HEADER).header();

        peer.send(MESSAGE);

        assertThat(peer.streamErrorAndClose()).isEqualTo("not-authorized");
        assertThat(fixture.alice.messages()).isEmpty();
        peer.finish();
    }

    @Test
    void noHandshakeInTimeIsConnectionTimeout() {
        Peer peer = fixture.connect();
        peer.send(HEADER).header();

        peer.server.advanceTimeBy(fixture.limits.unauthenticatedTimeout().toMillis() + 1, TimeUnit.MILLISECONDS);

        assertThat(peer.streamErrorAndClose()).isEqualTo("connection-timeout");
        peer.finish();
    }

    @Test
    void stanzasFromTheComponentAreRoutedInJabberClient() {
        Peer peer = fixture.authenticated();

        peer.send(MESSAGE);

        assertThat(fixture.alice.messages()).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("hi");
            assertThat(m.from()).hasToString("bot@gw.example.com");
            assertThat(m.element().namespace()).isEqualTo(Namespaces.CLIENT);
            assertThat(m.element().element(Namespaces.CLIENT, "body")).isNotNull();
        });
        peer.finish();
    }

    @Test
    void theHandshakeAndAStanzaWorkWhateverWayTheBytesAreSplit() {
        for (int split = 1; split < 60; split++) {
            ComponentFixture f = new ComponentFixture();
            Peer peer = f.connect();
            StreamOpen header = peer.send(HEADER.substring(0, split)).send(HEADER.substring(split)).header();
            String rest = "<handshake>" + Handshake.digest(header.id(), SECRET) + "</handshake>" + MESSAGE;
            int at = split * 3 % rest.length();

            peer.send(rest.substring(0, at)).send(rest.substring(at));

            assertThat(f.alice.messages()).as("split at %d and %d", split, at).hasSize(1);
            peer.finish();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<message from='bot@other.example.com' to='alice@example.com'/>  | invalid-from",
        "<message from='alice@example.com' to='alice@example.com'/>      | invalid-from",
        "<message to='alice@example.com'/>                               | improper-addressing",
        "<message from='bot@gw.example.com'/>                            | improper-addressing",
        "<message from='bot@@gw.example.com' to='alice@example.com'/>    | improper-addressing",
        "<handshake>x</handshake>                                        | unsupported-stanza-type",
        "<foo xmlns='urn:x'/>                                            | unsupported-stanza-type"})
    void badStanzasEndTheStream(String xml, String condition) {
        Peer peer = fixture.authenticated();

        peer.send(xml);

        assertThat(peer.streamErrorAndClose()).isEqualTo(condition);
        assertThat(fixture.alice.received()).isEmpty();
        peer.finish();
    }

    @Test
    void stanzasToTheDomainGoDownTheStreamInItsNamespace() {
        Peer peer = fixture.authenticated();

        fixture.router.routeFromClient(fixture.alice, stanza(
                "<iq type='get' id='v1' to='gw.example.com'><query xmlns='jabber:iq:version'/></iq>"));
        fixture.router.routeFromClient(fixture.alice, stanza(
                "<message to='#room%irc.example@gw.example.com'><body>hello</body></message>"));

        assertThat(peer.elements()).satisfiesExactly(
                iq -> {
                    assertThat(iq.namespace()).isEqualTo(Namespaces.COMPONENT);
                    assertThat(iq.attribute("from")).isEqualTo("alice@example.com/phone");
                    assertThat(iq.element("jabber:iq:version", "query")).isNotNull();
                },
                m -> assertThat(m.childText(Namespaces.COMPONENT, "body")).isEqualTo("hello"));
        peer.send("<iq type='result' id='v1' from='gw.example.com' to='alice@example.com/phone'/>");
        assertThat(fixture.alice.received()).singleElement()
                .satisfies(iq -> assertThat(iq.element().attribute("type")).isEqualTo("result"));
        peer.finish();
    }

    @Test
    void withoutTheComponentMessagesAndIqsBounceAndPresenceIsDropped() {
        fixture.router.routeFromClient(fixture.alice, stanza(
                "<message to='bot@gw.example.com'><body>x</body></message>"));
        fixture.router.routeFromClient(fixture.alice, stanza(
                "<iq type='get' id='d1' to='gw.example.com'><query xmlns='urn:test:q'/></iq>"));
        fixture.router.routeFromClient(fixture.alice, stanza("<presence to='bot@gw.example.com'/>"));

        assertThat(fixture.alice.received()).extracting(ComponentStreamHandlerTest::condition)
                .containsExactly(Condition.SERVICE_UNAVAILABLE, Condition.SERVICE_UNAVAILABLE);
    }

    @Test
    void aSecondConnectionReplacesTheFirstWithConflict() {
        Peer first = fixture.authenticated();
        Peer second = fixture.authenticated();

        assertThat(first.streamErrorAndClose()).isEqualTo("conflict");
        assertThat(fixture.links.connectedDomains()).containsExactly(DOMAIN);
        fixture.router.routeFromClient(fixture.alice, stanza(
                "<message to='bot@gw.example.com'><body>x</body></message>"));
        assertThat(second.elements()).singleElement().satisfies(m -> assertThat(m.name()).isEqualTo("message"));
        first.finish();
        second.finish();
    }

    @Test
    void anOversizedStanzaIsAPolicyViolation() {
        Peer peer = fixture.authenticated();

        peer.send("<message from='bot@gw.example.com' to='alice@example.com'><body>"
                + "x".repeat(fixture.limits.s2sStanzaBytes()) + "</body></message>");

        assertThat(peer.streamErrorAndClose()).isEqualTo("policy-violation");
        peer.finish();
    }

    @Test
    void theComponentClosingItsStreamDisconnectsIt() {
        Peer peer = fixture.authenticated();

        peer.send("</stream:stream>");

        assertThat(peer.server.isActive()).isFalse();
        assertThat(fixture.links.connectedDomains()).isEmpty();
        peer.finish();
    }

    private static Stanza stanza(String xml) {
        return Stanza.parse(TestXml.parse(xml));
    }

    private static Condition condition(Stanza s) {
        return StanzaError.fromElement(s.element().element(Namespaces.CLIENT, "error")).condition();
    }
}
