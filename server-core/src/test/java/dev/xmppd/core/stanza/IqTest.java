package dev.xmppd.core.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import org.junit.jupiter.api.Test;

/** IQ request and response construction (RFC 6120 §8.2.3). */
class IqTest {
    private static final Jid JULIET = Jid.parse("juliet@example.com/balcony");
    private static final Jid SERVER = Jid.parse("example.com");
    private static final XmlElement PING = XmlElement.empty("urn:xmpp:ping", "ping");

    private final Iq get = (Iq) Stanza.parse(XmlElement.builder(Namespaces.CLIENT, "iq")
            .attribute("from", JULIET.toString())
            .attribute("to", SERVER.toString())
            .attribute("type", "get")
            .attribute("id", "c2s1")
            .child(PING)
            .build());

    @Test
    void emptyResultSwapsAddressesAndKeepsTheId() {
        Iq result = get.result();

        XmlElement expected = XmlElement.builder(Namespaces.CLIENT, "iq")
                .attribute("type", "result").attribute("id", "c2s1")
                .attribute("to", JULIET.toString()).attribute("from", SERVER.toString())
                .build();
        assertThat(result.element()).isEqualTo(expected);
        assertThat(result.type()).isEqualTo(IqType.RESULT);
        assertThat(result.to()).isEqualTo(JULIET);
        assertThat(result.from()).isEqualTo(SERVER);
        assertThat(result.payload()).isNull();
        assertThat(result.isError()).isFalse();
    }

    @Test
    void resultWithPayload() {
        XmlElement query = XmlElement.builder("jabber:iq:version", "query").textElement("name", "xmppd").build();

        Iq result = get.result(query);

        assertThat(result.payload()).isSameAs(query);
        assertThat(result.element().elements()).containsExactly(query);
    }

    @Test
    void resultWithoutFromHasNoTo() {
        Iq anonymous = (Iq) get.withFrom(null);

        Iq result = anonymous.result();

        assertThat(result.element().attribute("to")).isNull();
        assertThat(result.to()).isNull();
        assertThat(result.from()).isEqualTo(SERVER);
    }

    @Test
    void resultOnAServerStreamStaysInTheServerNamespace() {
        Iq s2s = (Iq) Stanza.parse(get.element().withNamespace(Namespaces.SERVER));

        assertThat(s2s.result().element().namespace()).isEqualTo(Namespaces.SERVER);
    }

    @Test
    void requestFromTheServer() {
        Iq request = Iq.request(IqType.GET, "s1", SERVER, JULIET, PING);

        assertThat(request.type()).isEqualTo(IqType.GET);
        assertThat(request.id()).isEqualTo("s1");
        assertThat(request.from()).isEqualTo(SERVER);
        assertThat(request.to()).isEqualTo(JULIET);
        assertThat(request.payload()).isSameAs(PING);
        assertThat(Stanza.parse(request.element())).isEqualTo(request);
    }

    @Test
    void payloadIsTheFirstChildElement() {
        assertThat(get.payload()).isSameAs(PING);
    }
}
