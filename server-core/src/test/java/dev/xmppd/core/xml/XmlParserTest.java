package dev.xmppd.core.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XmlParserTest {

    private static final String RSM = "http://jabber.org/protocol/rsm";

    @Test
    void parsesNamespacesAttributesAndText() {
        XmlElement parsed = XmlParser.parse("<?xml version='1.0'?>\n<message xmlns='jabber:client' "
                + "xmlns:x='urn:example:x' to='juliet@example.com' xml:lang='en' x:mark='1' type=\"chat\">"
                + "<body>Wherefore &amp; &lt;why&gt;?</body><x:thing/><set xmlns='" + RSM + "'><max>10</max></set>"
                + "</message>\n");

        assertThat(parsed.namespace()).isEqualTo(Namespaces.CLIENT);
        assertThat(parsed.name()).isEqualTo("message");
        assertThat(parsed.attributeCount()).isEqualTo(4);
        assertThat(parsed.attribute("to")).isEqualTo("juliet@example.com");
        assertThat(parsed.attribute("xml:lang")).isEqualTo("en");
        assertThat(parsed.attribute("{urn:example:x}mark")).isEqualTo("1");
        assertThat(parsed.attribute("type")).isEqualTo("chat");
        assertThat(parsed.childText(Namespaces.CLIENT, "body")).isEqualTo("Wherefore & <why>?");
        assertThat(parsed.element("urn:example:x", "thing")).isEqualTo(XmlElement.empty("urn:example:x", "thing"));
        assertThat(parsed.element(RSM, "set").childText(RSM, "max")).isEqualTo("10");
    }

    @Test
    void elementWithoutNamespaceHasTheEmptyNamespace() {
        XmlElement parsed = XmlParser.parse("<a><b xmlns='urn:x'><c xmlns=''/></b></a>");

        assertThat(parsed.namespace()).isEmpty();
        assertThat(parsed.firstElement().namespace()).isEqualTo("urn:x");
        assertThat(parsed.firstElement().firstElement().namespace()).isEmpty();
    }

    @Test
    void adjacentTextCdataAndCommentsMakeOneTextNode() {
        XmlElement parsed = XmlParser.parse("<a xmlns='urn:x'>one <![CDATA[<two>]]><!-- c --> three<?pi x?>"
                + "<b/>four</a>");

        assertThat(parsed.children()).containsExactly(new XmlText("one <two> three"),
                XmlElement.empty("urn:x", "b"), new XmlText("four"));
    }

    @Test
    void whitespaceIsKeptInsideAndDroppedAround() {
        XmlElement parsed = XmlParser.parse("  \n<a xmlns='urn:x'> <b>\t</b>\r\n</a> \n");

        assertThat(parsed.children()).containsExactly(new XmlText(" "),
                XmlElement.builder("urn:x", "b").text("\t").build(), new XmlText("\n"));
    }

    @Test
    void roundTripsWhatTheWriterWrites() {
        XmlElement original = XmlElement.builder(Namespaces.CLIENT, "message")
                .attribute("from", "r\u00f4meo@example.net/\u65e5\u672c")
                .attribute("xml:lang", "fr")
                .attribute("{urn:example:a}one", "a'\"<>&\t\n\r")
                .attribute("{urn:example:b}two", "b")
                .child(XmlElement.builder(Namespaces.CLIENT, "body").text("Caf\u00e9 \uD83D\uDE00 <&> \r\n]]>").build())
                .child(XmlElement.builder("urn:xmpp:sid:0", "stanza-id").attribute("id", "x").build())
                .child(XmlElement.builder("", "plain").text("no namespace").build())
                .child(XmlElement.builder(Namespaces.STREAM, "error")
                        .child(XmlElement.empty(Namespaces.STREAMS_ERRORS, "conflict")).build())
                .text("tail")
                .build();

        String xml = original.toXml();

        assertThat(XmlParser.parse(xml)).isEqualTo(original);
        assertThat(XmlParser.parse(xml.getBytes(StandardCharsets.UTF_8))).isEqualTo(original);
        // The stream-relative form leaves the stanza namespace to the stream: not what a store may keep.
        assertThat(XmlParser.parse(original.toBytes()).namespace()).isEmpty();
    }

    @Test
    void roundTripsAnElementWithoutNamespace() {
        XmlElement original = XmlElement.builder("", "item").attribute("jid", "a@b")
                .child(XmlElement.builder("", "group").text("Friends").build()).build();

        assertThat(XmlParser.parse(original.toXml())).isEqualTo(original);
    }

    @Test
    void bytesMayStartWithAByteOrderMarkAndNameAnotherEncoding() {
        byte[] bytes = "\uFEFF<?xml version='1.0' encoding='ISO-8859-1'?><a xmlns='urn:x'>\u00e9</a>"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(XmlParser.parse(bytes)).isEqualTo(XmlElement.builder("urn:x", "a").text("\u00e9").build());
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bytes = {'<', 'a', '>', (byte) 0xC3, '<', '/', 'a', '>'};

        assertThatThrownBy(() -> XmlParser.parse(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("xml: not UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "text", "<a>", "<a></b>", "<a/><b/>", "<a/>text", "text<a/>", "<a x='1' x='2'/>",
        "<p:a/>", "<a>&unknown;</a>", "<a b='&unknown;'/>", "<a>\u0001</a>", "<a b=1/>", "<?xml version='1.0'?>",
    })
    void malformedInputIsRefused(String xml) {
        assertThatThrownBy(() -> XmlParser.parse(xml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("xml: ");
    }

    @Test
    void documentTypeDeclarationsAreRefusedAndNothingIsExpanded() {
        String laughs = "<!DOCTYPE a [<!ENTITY l 'lol'><!ENTITY l2 '&l;&l;&l;&l;'>]><a>&l2;</a>";
        String external = "<!DOCTYPE a [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><a>&x;</a>";

        for (String xml : List.of(laughs, external, "<!DOCTYPE a><a/>")) {
            assertThatThrownBy(() -> XmlParser.parse(xml)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("xml: ");
        }
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> XmlParser.parse((String) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("xml");
        assertThatThrownBy(() -> XmlParser.parse((byte[]) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("utf8");
    }
}
