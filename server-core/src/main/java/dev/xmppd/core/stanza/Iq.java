package dev.xmppd.core.stanza;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;

/**
 * An {@code <iq/>} stanza (RFC 6120 §8.2.3). A get or set carries exactly one payload element; the router answers
 * each with exactly one result or error.
 */
public record Iq(XmlElement element, Jid to, Jid from, IqType type) implements Stanza {

    static Iq of(XmlElement element, Jid to, Jid from) {
        IqType type = IqType.of(element.attribute("type"));
        if (element.attribute("id") == null) {
            throw new StanzaException(Condition.BAD_REQUEST, "iq without id");
        }
        return new Iq(element, to, from, type);
    }

    @Override
    public String id() {
        return element.attribute("id");
    }

    @Override
    public boolean isError() {
        return type == IqType.ERROR;
    }

    /** The payload of a get or set (its first child element), or {@code null}. */
    public XmlElement payload() {
        return element.firstElement();
    }

    /** An empty result to this request, addressed back to the sender. */
    public Iq result() {
        return result(null);
    }

    /** A result with one payload element (or none), addressed back to the sender. */
    public Iq result(XmlElement payload) {
        XmlElement.Builder b = XmlElement.builder(element.namespace(), "iq")
                .attribute("type", "result")
                .attribute("id", id())
                .attribute("to", from == null ? null : from.toString())
                .attribute("from", to == null ? null : to.toString());
        if (payload != null) {
            b.child(payload);
        }
        return new Iq(b.build(), from, to, IqType.RESULT);
    }

    /** The error reply to this request. */
    public Iq error(StanzaError error) {
        return (Iq) errorReply(error);
    }

    public Iq error(Condition condition) {
        return error(StanzaError.of(condition));
    }

    /** A new request from the server side. */
    public static Iq request(IqType type, String id, Jid from, Jid to, XmlElement payload) {
        XmlElement element = XmlElement.builder(Namespaces.CLIENT, "iq")
                .attribute("type", type.value())
                .attribute("id", id)
                .attribute("from", from == null ? null : from.toString())
                .attribute("to", to == null ? null : to.toString())
                .child(payload)
                .build();
        return new Iq(element, to, from, type);
    }

    @Override
    public Iq withAddresses(Jid newFrom, Jid newTo) {
        return new Iq(Stanza.address(element, newFrom, newTo), newTo, newFrom, type);
    }
}
