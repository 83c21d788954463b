package dev.xmppd.core.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class XmlElementTest {

    @Test
    void equalityIgnoresAttributeOrderButNotChildOrder() {
        XmlElement a = XmlElement.builder("urn:x", "x").attribute("a", "1").attribute("b", "2")
                .child(XmlElement.empty("urn:x", "p")).text("t").build();
        XmlElement b = XmlElement.builder("urn:x", "x").attribute("b", "2").attribute("a", "1")
                .child(XmlElement.empty("urn:x", "p")).text("t").build();
        XmlElement c = XmlElement.builder("urn:x", "x").attribute("b", "2").attribute("a", "1").text("t")
                .child(XmlElement.empty("urn:x", "p")).build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(a).isNotEqualTo(a.withNamespace("urn:y")).isNotEqualTo(a.withAttribute("a", "3"));
    }

    @Test
    void withAttributeSharesChildrenAndRemovesOnNull() {
        XmlElement e = XmlElement.builder(Namespaces.CLIENT, "message").attribute("to", "a@b").text("x").build();

        XmlElement moved = e.withAttribute("to", "c@d").withAttribute("from", "e@f");

        assertThat(moved.attribute("to")).isEqualTo("c@d");
        assertThat(moved.attribute("from")).isEqualTo("e@f");
        assertThat(moved.withAttribute("from", null).withAttribute("to", "a@b")).isEqualTo(e);
        assertThat(e.withAttribute("to", "a@b")).isSameAs(e);
        assertThat(moved.text()).isEqualTo("x");
    }

    @Test
    void textConcatenatesTextChildrenOnly() {
        XmlElement e = XmlElement.builder("urn:x", "x").text("a").child(XmlElement.builder("urn:x", "b").text("no")
                .build()).text("c").build();

        assertThat(e.text()).isEqualTo("ac");
        assertThat(e.childText("urn:x", "b")).isEqualTo("no");
        assertThat(e.childText("urn:x", "missing")).isNull();
        assertThat(XmlElement.empty("urn:x", "y").text()).isEmpty();
    }

    @Test
    void attributesComeInPairs() {
        assertThatThrownBy(() -> XmlElement.of("urn:x", "x", new String[] {"a"}, new XmlNode[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("attributes: odd length 1 (expected: pairs)");
    }
}
