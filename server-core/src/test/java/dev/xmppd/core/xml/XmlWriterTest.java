package dev.xmppd.core.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XmlWriterTest {

    @Test
    void textIsEscaped() {
        XmlElement e = XmlElement.builder("urn:x", "body").text("a & b < c > d\r\ne\tf ]]> 'q' \"q\"").build();

        assertThat(e.toXml()).isEqualTo("<body xmlns='urn:x'>a &amp; b &lt; c &gt; d&#13;\ne\tf ]]&gt; 'q' \"q\""
                + "</body>");
    }

    @Test
    void attributeValuesAreEscapedIncludingWhitespaceThatParsersWouldNormalize() {
        XmlElement e = XmlElement.builder("urn:x", "x").attribute("a", "<&>'\"\t\n\r").build();

        assertThat(e.toXml()).isEqualTo("<x xmlns='urn:x' a='&lt;&amp;&gt;&apos;&quot;&#9;&#10;&#13;'/>");
    }

    @Test
    void charactersXmlCannotCarryBecomeReplacementCharacters() {
        XmlElement e = XmlElement.builder("urn:x", "x").attribute("a", "\u0000\uFFFF")
                .text("\u0001ok\u0008 😀 \uD83D \uDE00 end\uD83D").build();

        assertThat(e.toXml()).isEqualTo("<x xmlns='urn:x' a='\uFFFD\uFFFD'>\uFFFDok\uFFFD 😀 \uFFFD \uFFFD end\uFFFD"
                + "</x>");
        assertThat(new String(e.toBytes(), StandardCharsets.UTF_8)).doesNotContain("?");
    }

    @Test
    void namespacesAreDeclaredOnlyWhereTheyChange() {
        XmlElement e = XmlElement.builder(Namespaces.CLIENT, "iq").attribute("type", "get")
                .child(XmlElement.builder("jabber:iq:roster", "query")
                        .child(XmlElement.empty("jabber:iq:roster", "item"))
                        .child(XmlElement.empty("", "plain")).build())
                .child(XmlElement.empty(Namespaces.CLIENT, "error")).build();

        assertThat(e.toXml()).isEqualTo("<iq xmlns='jabber:client' type='get'><query xmlns='jabber:iq:roster'><item/>"
                + "<plain xmlns=''/></query><error/></iq>");
    }

    @Test
    void streamRelativeBytesLeaveOutTheStanzaNamespace() {
        XmlElement message = XmlElement.builder(Namespaces.CLIENT, "message")
                .child(XmlElement.builder("urn:x", "x").build()).build();
        XmlElement other = XmlElement.empty("urn:x", "enable");

        assertThat(new String(message.toBytes(), StandardCharsets.UTF_8)).isEqualTo("<message><x xmlns='urn:x'/>"
                + "</message>");
        assertThat(new String(other.toBytes(), StandardCharsets.UTF_8)).isEqualTo("<enable xmlns='urn:x'/>");
        assertThat(message.toBytes()).isSameAs(message.toBytes());
    }

    @Test
    void streamNamespaceElementsUseTheStreamPrefix() {
        XmlElement features = XmlElement.builder(Namespaces.STREAM, "features")
                .child(XmlElement.empty(Namespaces.TLS, "starttls")).build();

        assertThat(features.toXml()).isEqualTo("<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
                + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>");
        assertThat(new String(features.toBytes(), StandardCharsets.UTF_8)).isEqualTo("<stream:features>"
                + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>");
    }

    @Test
    void qualifiedAttributesGetPrefixesAndXmlLangKeepsItsOwn() {
        XmlElement e = XmlElement.builder("urn:x", "x").attribute("xml:lang", "en").attribute("{urn:a}one", "1")
                .attribute("{urn:b}two", "2").build();

        assertThat(e.toXml()).isEqualTo("<x xmlns='urn:x' xml:lang='en' xmlns:ns0='urn:a' ns0:one='1'"
                + " xmlns:ns1='urn:b' ns1:two='2'/>");
    }
}
