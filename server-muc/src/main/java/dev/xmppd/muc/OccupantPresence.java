package dev.xmppd.muc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One occupant's presence as the room broadcasts it (XEP-0045 §7.2.3): from the occupant JID, with a muc#user item
 * that shows the real JID only to those allowed to see it, and the status codes, some of them for the occupant
 * itself only (110). The three variants (with JID, without, to self) are built once and readdressed per recipient.
 */
final class OccupantPresence {
    private final Occupant occupant;
    private final XmlElement base;
    private final FullJid from;
    private final Affiliation affiliation;
    private final Role role;
    private final String occupantId;
    private String newNick;
    private String actor;
    private String reason;
    private final List<Integer> statuses = new ArrayList<>();
    private final List<Integer> selfStatuses = new ArrayList<>();
    private final List<XmlElement> extra = new ArrayList<>();
    private final XmlElement[] variants = new XmlElement[3];

    /**
     * @param base the presence to show: the occupant's own (addresses removed) or an unavailable one
     */
    OccupantPresence(Room room, Occupant occupant, XmlElement base, Role role) {
        this.occupant = requireNonNull(occupant, "occupant");
        this.base = requireNonNull(base, "base");
        this.from = room.state().occupantJid(occupant.nick());
        this.affiliation = room.affiliationOf(occupant.bare());
        this.role = requireNonNull(role, "role");
        this.occupantId = room.occupantId(occupant.bare());
    }

    /** The occupant this presence is about. */
    Occupant occupant() {
        return occupant;
    }

    /** A status code for everyone. */
    OccupantPresence status(int code) {
        statuses.add(code);
        return this;
    }

    /** A status code for the occupant itself (110 is always added there). */
    OccupantPresence selfStatus(int code) {
        selfStatuses.add(code);
        return this;
    }

    /** The new nick of a nick change (XEP-0045 §7.6), shown in the item. */
    OccupantPresence newNick(String nick) {
        this.newNick = nick;
        return this;
    }

    /** Who did it and why, for kicks, bans and role changes (XEP-0045 §8.2). */
    OccupantPresence actor(String actorNick, String why) {
        this.actor = actorNick;
        this.reason = why;
        return this;
    }

    /** Another child of the muc#user x, e.g. {@code <destroy/>} (XEP-0045 §10.9). */
    OccupantPresence extra(XmlElement child) {
        extra.add(child);
        return this;
    }

    /** The presence for one recipient. */
    Presence to(FullJid recipient, boolean withJid) {
        boolean self = recipient.equals(occupant.jid());
        int v = self ? 2 : withJid ? 1 : 0;
        XmlElement e = variants[v];
        if (e == null) {
            e = build(withJid || self, self);
            variants[v] = e;
        }
        XmlElement addressed = e.withAttribute("to", recipient.toString());
        return new Presence(addressed, recipient, from, PresenceType.of(addressed.attribute("type")));
    }

    private XmlElement build(boolean withJid, boolean self) {
        XmlElement.Builder item = MucUser.item(affiliation, role, withJid ? occupant.jid() : null, newNick);
        MucUser.withActorAndReason(item, actor, reason);
        XmlElement.Builder x = XmlElement.builder(MucNamespaces.USER, "x").child(item.build());
        extra.forEach(x::child);
        List<Integer> codes = new ArrayList<>(statuses);
        if (self) {
            codes.add(Status.SELF);
            codes.addAll(selfStatuses);
        }
        codes.stream().distinct().sorted().forEach(c -> x.child(MucUser.status(c)));
        List<XmlNode> children = new ArrayList<>(base.children());
        children.add(x.build());
        children.add(XmlElement.builder(MucNamespaces.OCCUPANT_ID, "occupant-id").attribute("id", occupantId).build());
        return base.withAttribute("from", from.toString()).withChildren(children);
    }
}
