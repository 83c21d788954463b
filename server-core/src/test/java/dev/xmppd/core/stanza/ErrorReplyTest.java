package dev.xmppd.core.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Stanza#errorReply(StanzaError)} and {@link Iq#error(Condition)} (RFC 6120 §8.3.1). */
class ErrorReplyTest {
    private static final XmlElement PING = XmlElement.empty("urn:xmpp:ping", "ping");

    @Test
    void rfc6120ServiceUnavailableExample() {
        // Setup test fixture: RFC 6120 §8.3.1, with the 'to' a server stamps on a request to itself.
        Iq request = (Iq) Stanza.parse(XmlElement.builder(Namespaces.CLIENT, "iq")
                .attribute("from", "juliet@im.example.com/balcony")
                .attribute("id", "rg1")
                .attribute("to", "im.example.com")
                .attribute("type", "get")
                .child(PING)
                .build());

        // Execute system under test
        Iq reply = request.error(Condition.SERVICE_UNAVAILABLE);

        // Verify results
        XmlElement expected = XmlElement.builder(Namespaces.CLIENT, "iq")
                .attribute("from", "im.example.com")
                .attribute("id", "rg1")
                .attribute("to", "juliet@im.example.com/balcony")
                .attribute("type", "error")
                .child(PING)
                .child(XmlElement.builder(Namespaces.CLIENT, "error").attribute("type", "cancel")
                        .child(XmlElement.empty(Namespaces.STANZAS_ERRORS, "service-unavailable")).build())
                .build();
        assertThat(reply.element()).isEqualTo(expected);
        assertThat(reply.type()).isEqualTo(IqType.ERROR);
        assertThat(reply.isError()).isTrue();
        assertThat(reply.to()).isEqualTo(Jid.parse("juliet@im.example.com/balcony"));
        assertThat(reply.from()).isEqualTo(Jid.parse("im.example.com"));
        assertThat(reply.id()).isEqualTo("rg1");
        assertThat(reply.payload()).isSameAs(PING);
    }

    @Test
    void messageErrorKeepsContentAndAppendsTheError() {
        Message message = (Message) Stanza.parse(XmlElement.builder(Namespaces.CLIENT, "message")
                .attribute("from", "romeo@example.net/orchard")
                .attribute("to", "juliet@example.com")
                .attribute("type", "chat")
                .attribute("id", "m1")
                .textElement("body", "Wherefore art thou?")
                .build());

        Stanza reply = message.errorReply(StanzaError.of(Condition.ITEM_NOT_FOUND, "no such user"));

        assertThat(reply).isInstanceOfSatisfying(Message.class, m -> {
            assertThat(m.type()).isEqualTo(MessageType.ERROR);
            assertThat(m.body()).isEqualTo("Wherefore art thou?");
        });
        assertThat(reply.to()).isEqualTo(message.from());
        assertThat(reply.from()).isEqualTo(message.to());
        assertThat(reply.id()).isEqualTo("m1");
        XmlElement error = reply.element().element(Namespaces.CLIENT, "error");
        assertThat(error).isNotNull();
        assertThat(StanzaError.fromElement(error))
                .isEqualTo(new StanzaError(Condition.ITEM_NOT_FOUND, ErrorType.CANCEL, "no such user"));
        assertThat(reply.element().children()).last().isEqualTo(error);
    }

    @Test
    void anEarlierErrorChildIsReplaced() {
        Presence presence = (Presence) Stanza.parse(XmlElement.builder(Namespaces.CLIENT, "presence")
                .attribute("to", "juliet@example.com")
                .child(StanzaError.of(Condition.GONE).toElement())
                .build());

        Stanza reply = presence.errorReply(StanzaError.of(Condition.FORBIDDEN));

        assertThat(reply.element().elements()).hasSize(1);
        assertThat(StanzaError.fromElement(reply.element().firstElement()).condition())
                .isEqualTo(Condition.FORBIDDEN);
        assertThat(((Presence) reply).type()).isEqualTo(PresenceType.ERROR);
    }

    @Test
    void anErrorPayloadInAnotherNamespaceIsKept() {
        XmlElement appError = XmlElement.empty("urn:example:app", "error");
        Message message = (Message) Stanza.parse(XmlElement.builder(Namespaces.CLIENT, "message")
                .attribute("from", "romeo@example.net/orchard").child(appError).build());

        Stanza reply = message.errorReply(StanzaError.of(Condition.NOT_ACCEPTABLE));

        assertThat(reply.element().elements()).hasSize(2);
        assertThat(reply.element().firstElement()).isSameAs(appError);
    }

    @Test
    void errorOnAServerStreamIsInTheServerNamespace() {
        // RFC 6120 §4.8.3: the error child takes the stream's content namespace, not jabber:client.
        Iq request = (Iq) Stanza.parse(XmlElement.builder(Namespaces.SERVER, "iq")
                .attribute("from", "remote.example")
                .attribute("to", "example.com")
                .attribute("type", "get")
                .attribute("id", "s2s1")
                .child(PING)
                .build());

        Iq reply = request.error(Condition.FEATURE_NOT_IMPLEMENTED);

        assertThat(reply.element().namespace()).isEqualTo(Namespaces.SERVER);
        assertThat(reply.element().element(Namespaces.SERVER, "error")).isNotNull();
        assertThat(new String(reply.element().toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("<iq from='example.com' to='remote.example' type='error' id='s2s1'>"
                        + "<ping xmlns='urn:xmpp:ping'/>"
                        + "<error type='cancel'>"
                        + "<feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                        + "</error></iq>");
    }

    @Test
    void errorReplyElementWorksOnUnparseableStanzas() {
        XmlElement broken = XmlElement.builder(Namespaces.CLIENT, "iq")
                .attribute("to", "not a jid@")
                .attribute("from", "juliet@example.com/r")
                .attribute("type", "get")
                .build();

        XmlElement reply = Stanza.errorReplyElement(broken, StanzaError.of(Condition.JID_MALFORMED));

        assertThat(reply.attribute("to")).isEqualTo("juliet@example.com/r");
        assertThat(reply.attribute("from")).isEqualTo("not a jid@");
        assertThat(reply.attribute("type")).isEqualTo("error");
        assertThat(StanzaError.fromElement(reply.firstElement()))
                .isEqualTo(StanzaError.of(Condition.JID_MALFORMED));
    }
}
