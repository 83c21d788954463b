package dev.xmppd.im.presence;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;

/** Presence stanzas the server writes itself. */
final class Presences {
    private Presences() {
    }

    /** An empty presence of this type, e.g. {@code <presence type='unsubscribed' from=... to=.../>}; {@code to} may be null. */
    static Presence of(PresenceType type, Jid from, Jid to) {
        XmlElement e = XmlElement.builder(Namespaces.CLIENT, "presence")
                .attribute("type", type.value())
                .attribute("from", from.toString())
                .attribute("to", to == null ? null : to.toString())
                .build();
        return new Presence(e, to, from, type);
    }

    static boolean isSubscription(PresenceType type) {
        return type == PresenceType.SUBSCRIBE || type == PresenceType.SUBSCRIBED
                || type == PresenceType.UNSUBSCRIBE || type == PresenceType.UNSUBSCRIBED;
    }
}
