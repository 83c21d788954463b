package dev.xmppd.muc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.xml.XmlElement;

/**
 * One occupant of a room (XEP-0045 §4.1): the real full JID, the nick (the resource of its occupant JID
 * {@code room@service/nick}), its role and its last presence, kept without addresses and without MUC payloads.
 */
public record Occupant(String nick, FullJid jid, Role role, XmlElement presence) {

    public Occupant {
        requireNonNull(nick, "nick");
        requireNonNull(jid, "jid");
        requireNonNull(role, "role");
        requireNonNull(presence, "presence");
    }

    public BareJid bare() {
        return jid.bare();
    }

    public Occupant withRole(Role newRole) {
        return new Occupant(nick, jid, newRole, presence);
    }

    public Occupant withNick(String newNick) {
        return new Occupant(newNick, jid, role, presence);
    }

    public Occupant withPresence(XmlElement newPresence) {
        return new Occupant(nick, jid, role, newPresence);
    }
}
