package dev.xmppd.core.stanza;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Stanza#parse(XmlElement)}: kinds, types, addresses and the envelope errors (RFC 6120 §8.1, §8.2). */
class StanzaParseTest {

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "NULL, NORMAL", "normal, NORMAL", "chat, CHAT", "groupchat, GROUPCHAT", "headline, HEADLINE",
            "error, ERROR",
            // RFC 6121 §5.2.2: an unknown type is treated as normal.
            "bogus, NORMAL", "CHAT, NORMAL"})
    void messageTypes(String type, MessageType expected) {
        Stanza stanza = Stanza.parse(stanza("message").attribute("type", type).build());

        assertThat(stanza).isInstanceOf(Message.class);
        assertThat(((Message) stanza).type()).isEqualTo(expected);
        assertThat(stanza.isError()).isEqualTo(expected == MessageType.ERROR);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "NULL, AVAILABLE", "unavailable, UNAVAILABLE", "subscribe, SUBSCRIBE", "subscribed, SUBSCRIBED",
            "unsubscribe, UNSUBSCRIBE", "unsubscribed, UNSUBSCRIBED", "probe, PROBE", "error, ERROR"})
    void presenceTypes(String type, PresenceType expected) {
        Stanza stanza = Stanza.parse(stanza("presence").attribute("type", type).build());

        assertThat(stanza).isInstanceOf(Presence.class);
        assertThat(((Presence) stanza).type()).isEqualTo(expected);
        assertThat(expected.value()).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"available", "bogus", "Unavailable", ""})
    void unknownPresenceTypeIsBadRequest(String type) {
        XmlElement element = stanza("presence").attribute("type", type).build();

        assertThatThrownBy(() -> Stanza.parse(element))
                .isInstanceOfSatisfying(StanzaException.class,
                        e -> assertThat(e.error().condition()).isEqualTo(Condition.BAD_REQUEST));
    }

    @ParameterizedTest
    @CsvSource({"get, GET, true", "set, SET, true", "result, RESULT, false", "error, ERROR, false"})
    void iqTypes(String type, IqType expected, boolean request) {
        Stanza stanza = Stanza.parse(stanza("iq").attribute("type", type).attribute("id", "i1").build());

        assertThat(stanza).isInstanceOf(Iq.class);
        assertThat(((Iq) stanza).type()).isEqualTo(expected);
        assertThat(expected.isRequest()).isEqualTo(request);
        assertThat(expected.value()).isEqualTo(type);
        assertThat(stanza.id()).isEqualTo("i1");
    }

    @Test
    void iqWithoutIdIsBadRequest() {
        // RFC 6120 §8.1.3: the id attribute is REQUIRED for IQ stanzas.
        XmlElement element = stanza("iq").attribute("type", "get").child(XmlElement.empty("urn:xmpp:ping", "ping"))
                .build();

        assertThatThrownBy(() -> Stanza.parse(element))
                .isInstanceOfSatisfying(StanzaException.class,
                        e -> assertThat(e.error().condition()).isEqualTo(Condition.BAD_REQUEST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "GET", "query"})
    void iqWithMissingOrUnknownTypeIsBadRequest(String type) {
        XmlElement element = stanza("iq").attribute("id", "i1").attribute("type", type.isEmpty() ? null : type)
                .build();

        assertThatThrownBy(() -> Stanza.parse(element))
                .isInstanceOfSatisfying(StanzaException.class,
                        e -> assertThat(e.error().condition()).isEqualTo(Condition.BAD_REQUEST));
    }

    @Test
    void addressesAreParsedAndNormalized() {
        XmlElement element = stanza("message").attribute("to", "Juliet@Example.COM/Balcony")
                .attribute("from", "romeo@example.net/orchard").attribute("id", "m1").build();

        Stanza stanza = Stanza.parse(element);

        assertThat(stanza.to()).isEqualTo(Jid.parse("juliet@example.com/Balcony"));
        assertThat(stanza.from()).isEqualTo(Jid.parse("romeo@example.net/orchard"));
        assertThat(stanza.id()).isEqualTo("m1");
        assertThat(stanza.element()).isSameAs(element);
    }

    @Test
    void absentAddressesAreNull() {
        Stanza stanza = Stanza.parse(stanza("presence").build());

        assertThat(stanza.to()).isNull();
        assertThat(stanza.from()).isNull();
        assertThat(stanza.id()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"to, foo bar@example.com", "from, juliet@", "to, @example.com", "from, example.com/"})
    void malformedAddressIsJidMalformed(String attribute, String value) {
        XmlElement element = stanza("message").attribute(attribute, value).build();

        assertThatThrownBy(() -> Stanza.parse(element))
                .isInstanceOfSatisfying(StanzaException.class, e -> {
                    assertThat(e.error().condition()).isEqualTo(Condition.JID_MALFORMED);
                    assertThat(e.error().type()).isEqualTo(ErrorType.MODIFY);
                    assertThat(e.error().text()).startsWith("'" + attribute + "': ");
                });
    }

    @Test
    void serverNamespaceStanzasParse() {
        XmlElement element = XmlElement.builder(Namespaces.SERVER, "message").attribute("type", "chat")
                .textElement("body", "hi").build();

        Message message = (Message) Stanza.parse(element);

        assertThat(message.type()).isEqualTo(MessageType.CHAT);
        assertThat(message.body()).isEqualTo("hi");
    }

    @Test
    void notAStanza() {
        XmlElement wrongNamespace = XmlElement.empty("urn:example", "message");
        XmlElement wrongName = XmlElement.empty(Namespaces.CLIENT, "stanza");

        assertThatThrownBy(() -> Stanza.parse(wrongNamespace)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stanza.parse(wrongName)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Stanza.isStanza(wrongNamespace)).isFalse();
        assertThat(Stanza.isStanza(wrongName)).isFalse();
        assertThat(Stanza.isStanza(XmlElement.empty(Namespaces.SERVER, "iq"))).isTrue();
        assertThat(Stanza.isStanza(XmlElement.empty(Namespaces.CLIENT, "presence"))).isTrue();
    }

    @Test
    void messageBodyIsTheFirstBodyInTheStanzaNamespace() {
        XmlElement element = stanza("message")
                .child(XmlElement.builder("urn:example", "body").text("not me").build())
                .textElement("body", "yt?")
                .textElement("body", "second")
                .build();

        assertThat(((Message) Stanza.parse(element)).body()).isEqualTo("yt?");
        assertThat(((Message) Stanza.parse(stanza("message").build())).body()).isNull();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {"NULL, 0", "5, 5", "' -3 ', -3", "127, 127", "128, 127",
            "-129, -128", "high, 0"})
    void presencePriority(String priority, int expected) {
        XmlElement.Builder b = stanza("presence");
        if (priority != null) {
            b.textElement("priority", priority);
        }

        assertThat(((Presence) Stanza.parse(b.build())).priority()).isEqualTo(expected);
    }

    private static XmlElement.Builder stanza(String name) {
        return XmlElement.builder(Namespaces.CLIENT, name);
    }
}
