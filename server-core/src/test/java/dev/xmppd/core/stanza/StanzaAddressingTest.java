package dev.xmppd.core.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code withFrom}/{@code withTo} change only the address attributes and share the children. */
class StanzaAddressingTest {
    private static final Jid JULIET = Jid.parse("juliet@example.com/balcony");
    private static final Jid ROMEO = Jid.parse("romeo@example.net/orchard");
    private static final Jid NURSE = Jid.parse("nurse@example.com");

    private final XmlElement body = XmlElement.builder(Namespaces.CLIENT, "body").text("yt?").build();
    private final XmlElement extension = XmlElement.empty("urn:xmpp:chat-markers:0", "markable");
    private final Message original = (Message) Stanza.parse(XmlElement.builder(Namespaces.CLIENT, "message")
            .attribute("to", JULIET.toString())
            .attribute("id", "m1")
            .attribute("type", "chat")
            .attribute("xml:lang", "en")
            .child(body)
            .child(extension)
            .build());

    @Test
    void withFromSetsOnlyFrom() {
        Message stamped = (Message) original.withFrom(ROMEO);

        assertThat(stamped.from()).isEqualTo(ROMEO);
        assertThat(stamped.to()).isEqualTo(JULIET);
        assertThat(stamped.type()).isEqualTo(MessageType.CHAT);
        XmlElement e = stamped.element();
        assertThat(e.attribute("from")).isEqualTo(ROMEO.toString());
        assertThat(e.attribute("to")).isEqualTo(JULIET.toString());
        assertThat(e.attribute("id")).isEqualTo("m1");
        assertThat(e.attribute("type")).isEqualTo("chat");
        assertThat(e.attribute("xml:lang")).isEqualTo("en");
        assertThat(e.attributeCount()).isEqualTo(5);
        assertSharesChildren(e);
        assertThat(original.from()).isNull();
        assertThat(original.element().attribute("from")).isNull();
    }

    @Test
    void withToReplacesTo() {
        Message redirected = (Message) original.withFrom(ROMEO).withTo(NURSE);

        assertThat(redirected.to()).isEqualTo(NURSE);
        assertThat(redirected.from()).isEqualTo(ROMEO);
        assertThat(redirected.element().attribute("to")).isEqualTo("nurse@example.com");
        assertThat(redirected.element().attribute("from")).isEqualTo(ROMEO.toString());
        assertSharesChildren(redirected.element());
    }

    @Test
    void nullRemovesTheAttribute() {
        Message anonymous = (Message) original.withTo(null);

        assertThat(anonymous.to()).isNull();
        assertThat(anonymous.element().attribute("to")).isNull();
        assertThat(anonymous.element().attributeCount()).isEqualTo(3);
    }

    @Test
    void eachKindKeepsItsTypeAndKind() {
        Presence presence = (Presence) Stanza.parse(XmlElement.builder(Namespaces.CLIENT, "presence")
                .attribute("type", "unavailable").build());
        Iq iq = (Iq) Stanza.parse(XmlElement.builder(Namespaces.CLIENT, "iq").attribute("type", "set")
                .attribute("id", "i1").child(extension).build());

        Stanza p = presence.withAddresses(ROMEO, JULIET);
        Stanza i = iq.withAddresses(ROMEO, JULIET);

        assertThat(p).isInstanceOfSatisfying(Presence.class,
                x -> assertThat(x.type()).isEqualTo(PresenceType.UNAVAILABLE));
        assertThat(i).isInstanceOfSatisfying(Iq.class, x -> assertThat(x.type()).isEqualTo(IqType.SET));
        assertThat(i.element().firstElement()).isSameAs(extension);
        assertThat(p.from()).isEqualTo(ROMEO);
        assertThat(i.to()).isEqualTo(JULIET);
    }

    @Test
    void sameAddressesAreEqualStanzas() {
        assertThat(original.withFrom(ROMEO)).isEqualTo(original.withFrom(Jid.parse("Romeo@Example.NET/orchard")));
    }

    private void assertSharesChildren(XmlElement e) {
        List<XmlNode> children = e.children();
        assertThat(children).hasSize(2);
        assertThat(children.get(0)).isSameAs(body);
        assertThat(children.get(1)).isSameAs(extension);
    }
}
