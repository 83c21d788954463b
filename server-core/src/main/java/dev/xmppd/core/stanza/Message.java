package dev.xmppd.core.stanza;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.xml.XmlElement;

/** A {@code <message/>} stanza. */
public record Message(XmlElement element, Jid to, Jid from, MessageType type) implements Stanza {

    @Override
    public String id() {
        return element.attribute("id");
    }

    @Override
    public boolean isError() {
        return type == MessageType.ERROR;
    }

    /** The text of the first {@code <body/>} in the stanza namespace, or {@code null}. */
    public String body() {
        return element.childText(element.namespace(), "body");
    }

    @Override
    public Message withAddresses(Jid newFrom, Jid newTo) {
        return new Message(Stanza.address(element, newFrom, newTo), newTo, newFrom, type);
    }
}
