package dev.xmppd.core.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stanzas written with {@link XmlElement#toBytes()}: stream-relative, so the same bytes are valid on a
 * {@code jabber:client} and a {@code jabber:server} stream (RFC 6120 §4.8.3).
 */
class StanzaSerializationTest {

    @ParameterizedTest
    @ValueSource(strings = {Namespaces.CLIENT, Namespaces.SERVER})
    void stanzaNamespaceIsNotWritten(String namespace) {
        XmlElement message = XmlElement.builder(namespace, "message")
                .attribute("to", "juliet@example.com")
                .attribute("type", "chat")
                .textElement("body", "a < b & c")
                .child(XmlElement.empty("http://jabber.org/protocol/chatstates", "active"))
                .build();

        String bytes = new String(message.toBytes(), StandardCharsets.UTF_8);

        assertThat(bytes).isEqualTo("<message to='juliet@example.com' type='chat'><body>a &lt; b &amp; c</body>"
                + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>");
        assertThat(message.toXml()).startsWith("<message xmlns='" + namespace + "' to=");
    }

    @Test
    void clientAndServerFormsAreTheSameBytes() {
        XmlElement client = presence(Namespaces.CLIENT);
        XmlElement server = presence(Namespaces.SERVER);

        assertThat(server.toBytes()).isEqualTo(client.toBytes());
        assertThat(server).isNotEqualTo(client);
    }

    @Test
    void renamespacingOnlyTheTopElementWouldLeakTheOldNamespace() {
        // withNamespace keeps the children's namespace: a stanza moved between stream kinds must be rebuilt
        // as a whole (or kept in its own namespace, which toBytes makes stream-relative anyway).
        XmlElement moved = presence(Namespaces.CLIENT).withNamespace(Namespaces.SERVER);

        assertThat(new String(moved.toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("<presence><show xmlns='jabber:client'>away</show></presence>");
    }

    @Test
    void readdressedStanzaIsWrittenWithTheNewAddresses() {
        Message message = (Message) Stanza.parse(XmlElement.builder(Namespaces.CLIENT, "message")
                .attribute("to", "juliet@example.com").textElement("body", "hi").build());
        byte[] before = message.element().toBytes();

        Stanza stamped = message.withFrom(Jid.parse("romeo@example.net/orchard"));

        assertThat(new String(stamped.element().toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("<message to='juliet@example.com' from='romeo@example.net/orchard'><body>hi</body>"
                        + "</message>");
        assertThat(message.element().toBytes()).isEqualTo(before);
    }

    @Test
    void serializationIsCached() {
        XmlElement iq = XmlElement.builder(Namespaces.CLIENT, "iq").attribute("type", "get").attribute("id", "1")
                .build();

        assertThat(iq.toBytes()).isSameAs(iq.toBytes());
    }

    private static XmlElement presence(String namespace) {
        return XmlElement.builder(namespace, "presence").textElement("show", "away").build();
    }
}
