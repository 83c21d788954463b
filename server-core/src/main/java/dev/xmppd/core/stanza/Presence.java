package dev.xmppd.core.stanza;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;

/** A {@code <presence/>} stanza. */
public record Presence(XmlElement element, Jid to, Jid from, PresenceType type) implements Stanza {

    /** A presence without payload from the server's side: {@code <presence type='…' from='…' to='…'/>}. */
    public static Presence of(PresenceType type, Jid from, Jid to) {
        XmlElement e = XmlElement.builder(Namespaces.CLIENT, "presence")
                .attribute("type", type.value())
                .attribute("from", from.toString())
                .attribute("to", to == null ? null : to.toString())
                .build();
        return new Presence(e, to, from, type);
    }

    @Override
    public String id() {
        return element.attribute("id");
    }

    @Override
    public boolean isError() {
        return type == PresenceType.ERROR;
    }

    /** The priority (RFC 6121 §4.7.2.3): -128..127, 0 when absent or unreadable. */
    public int priority() {
        String p = element.childText(element.namespace(), "priority");
        if (p == null) {
            return 0;
        }
        try {
            return Math.max(-128, Math.min(127, Integer.parseInt(p.trim())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public Presence withAddresses(Jid newFrom, Jid newTo) {
        return new Presence(Stanza.address(element, newFrom, newTo), newTo, newFrom, type);
    }
}
