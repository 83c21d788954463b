package dev.xmppd.core.xml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.testing.TestXml;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link XmlElement#toBytes()} reuses its children's cached bytes, and writes exactly what XmlWriter writes. */
class XmlElementBytesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "<message to='a@b' type='chat'><body>Grüße &amp; &lt;3 😀</body><thread>t1</thread></message>",
        "<message><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/>"
                + "<status code='110'/></x></message>",
        "<message><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2026-01-01T00:00:00Z'/>"
                + "<message xmlns='jabber:client' from='x@y'><body>inner</body></message></forwarded></message>",
        "<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/><priority>5</priority>"
                + "</presence>",
        "<iq type='result' id='1'><query xmlns='jabber:iq:roster' ver='3'><item jid='a@b' subscription='both'>"
                + "<group>Friends</group></item></query></iq>",
        "<message>text before<body>b</body>text after</message>",
        "<message><unqualified xmlns=''><child/></unqualified></message>",
        "<message xml:lang='en'><body xml:lang='de'>Hallo</body></message>",
    })
    void writesWhatTheWriterWrites(String xml) {
        XmlElement e = TestXml.parse(xml);
        String expected = XmlWriter.write(e, e.namespace());

        assertThat(new String(e.toBytes(), StandardCharsets.UTF_8)).isEqualTo(expected);
        // and for a copy with another address, as a broadcast makes them
        XmlElement copy = e.withAttribute("to", "someone@else/r");
        assertThat(new String(copy.toBytes(), StandardCharsets.UTF_8))
                .isEqualTo(XmlWriter.write(copy, copy.namespace()));
    }

    @Test
    void aCopyWithAnotherAddressReusesTheChildrensBytes() {
        XmlElement body = XmlElement.builder(Namespaces.CLIENT, "body").text("hello").build();
        XmlElement message = XmlElement.builder(Namespaces.CLIENT, "message").child(body).build();

        byte[] bodyBytes = body.toBytes();
        message.withAttribute("to", "a@b").toBytes();
        message.withAttribute("to", "c@d").toBytes();

        assertThat(body.toBytes()).isSameAs(bodyBytes); // computed once, shared by every copy
    }

    @Test
    void writeToHandsOverTheSameBytesAndKeepsThemFromTheSecondWriteOn() {
        XmlElement message = TestXml.parse("<message to='a@b' type='chat'><body>Grüße</body></message>");
        byte[] expected = TestXml.parse("<message to='a@b' type='chat'><body>Grüße</body></message>").toBytes();
        XmlElement.BytesTo<byte[]> copy = (bytes, length) -> java.util.Arrays.copyOf(bytes, length);

        byte[] first = message.writeTo(copy);
        byte[] second = message.writeTo(copy);
        byte[] third = message.writeTo((bytes, length) -> bytes);

        assertThat(first).isEqualTo(expected);
        assertThat(second).isEqualTo(expected);
        assertThat(third).isSameAs(message.toBytes()); // cached by the second write
    }
}
