package dev.xmppd.muc;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.xml.XmlElement;
import java.util.Collection;

/**
 * Builds the {@code <x xmlns='http://jabber.org/protocol/muc#user'/>} payloads the service adds to presence and
 * messages (XEP-0045 §7.2.3, §15.6).
 *
 * <pre>
 * &lt;x xmlns='http://jabber.org/protocol/muc#user'&gt;&lt;item affiliation='member' role='participant'
 *     jid='hag66@shakespeare.lit/pda'/&gt;&lt;status code='110'/&gt;&lt;/x&gt;
 * </pre>
 */
final class MucUser {
    private MucUser() {
    }

    /** An item; {@code jid} and {@code nick} are optional. */
    static XmlElement.Builder item(Affiliation affiliation, Role role, Jid jid, String nick) {
        return XmlElement.builder(MucNamespaces.USER, "item")
                .attribute("affiliation", affiliation == null ? null : affiliation.value())
                .attribute("jid", jid == null ? null : jid.toString())
                .attribute("nick", nick)
                .attribute("role", role == null ? null : role.value());
    }

    /** An {@code <actor nick=''/>} and {@code <reason/>} for an item, either may be null. */
    static XmlElement.Builder withActorAndReason(XmlElement.Builder item, String actorNick, String reason) {
        if (actorNick != null) {
            item.child(XmlElement.builder(MucNamespaces.USER, "actor").attribute("nick", actorNick).build());
        }
        if (reason != null && !reason.isEmpty()) {
            item.child(XmlElement.builder(MucNamespaces.USER, "reason").text(reason).build());
        }
        return item;
    }

    /** The x element with one item (or none) and these status codes. */
    static XmlElement x(XmlElement item, Collection<Integer> statuses) {
        XmlElement.Builder x = XmlElement.builder(MucNamespaces.USER, "x");
        if (item != null) {
            x.child(item);
        }
        for (int code : statuses) {
            x.child(status(code));
        }
        return x.build();
    }

    static XmlElement status(int code) {
        return XmlElement.builder(MucNamespaces.USER, "status").attribute("code", Integer.toString(code)).build();
    }
}
