package dev.xmppd.muc;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The {@code muc#admin} protocol: roles by nick and affiliations by bare JID, read (voice, moderator, member, ban,
 * admin and owner lists) and changed (kick §8.2, voice §8.3-8.4, ban §9.1, membership §9.3-9.5, moderator §9.6-9.8,
 * owner and admin §10.3-10.8). Every item of a set is checked before any is applied.
 *
 * <pre>
 * C: &lt;iq type='set' to='harfleur@chat.shakespeare.lit' id='kick1'&gt;&lt;query xmlns='http://jabber.org/protocol/muc#admin'&gt;
 *      &lt;item nick='pistol' role='none'&gt;&lt;reason&gt;Avaunt, you cullion!&lt;/reason&gt;&lt;/item&gt;&lt;/query&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='harfleur@chat.shakespeare.lit' id='kick1'/&gt;
 * </pre>
 */
final class RoomAdmin {
    private final Room room;
    private final AdminChanges changes;

    RoomAdmin(Room room) {
        this.room = room;
        this.changes = new AdminChanges(room);
    }

    CompletionStage<?> handle(Iq iq) {
        Occupant actor = iq.from() instanceof FullJid f ? room.state().occupant(f) : null;
        Affiliation actorAffiliation = room.affiliationOf(iq.from().bare());
        List<XmlElement> items = iq.payload().elements().stream().filter(e -> e.is(MucNamespaces.ADMIN, "item"))
                .toList();
        if (items.isEmpty()) {
            throw new StanzaException(Condition.BAD_REQUEST, "no item");
        }
        if (iq.type() == IqType.GET) {
            room.send(iq.result(list(items.get(0), actor, actorAffiliation)));
            return Room.DONE;
        }
        List<Runnable> apply = new ArrayList<>();
        boolean affiliations = false;
        for (XmlElement item : items) {
            if (item.attribute("affiliation") != null && item.attribute("jid") != null) {
                apply.add(changes.affiliation(actorAffiliation, actor, jid(item), affiliation(item),
                        reason(item)));
                affiliations = true;
            } else if (item.attribute("role") != null && item.attribute("nick") != null) {
                apply.add(changes.role(actor, actorAffiliation, item.attribute("nick"), role(item), reason(item)));
            } else {
                throw new StanzaException(Condition.BAD_REQUEST, "an item needs nick and role, or jid and affiliation");
            }
        }
        apply.forEach(Runnable::run);
        room.send(iq.result());
        return affiliations ? room.save() : Room.DONE;
    }

    /** §8.5 voice list, §9.8 moderator list, §9.5 member list, §9.2 ban list, §10.5 owner list, §10.8 admin list. */
    private XmlElement list(XmlElement item, Occupant actor, Affiliation actorAffiliation) {
        XmlElement.Builder query = XmlElement.builder(MucNamespaces.ADMIN, "query");
        String roleName = item.attribute("role");
        if (roleName != null) {
            Role role = role(item);
            if (actor == null || actor.role() != Role.MODERATOR) {
                throw new StanzaException(Condition.FORBIDDEN, "only moderators may list roles");
            }
            for (Occupant o : room.state().occupants()) {
                if (o.role() == role) {
                    query.child(MucUser.item(room.affiliationOf(o.bare()), o.role(), o.jid(), o.nick())
                            .build().withNamespace(MucNamespaces.ADMIN));
                }
            }
            return query.build();
        }
        Affiliation wanted = affiliation(item);
        requireMayList(wanted, actor, actorAffiliation);
        for (BareJid user : room.state().withAffiliation(wanted)) {
            XmlElement.Builder listed = XmlElement.builder(MucNamespaces.ADMIN, "item")
                    .attribute("affiliation", wanted.value()).attribute("jid", user.toString());
            String nick = room.state().reservedNick(user);
            if (nick != null) {
                listed.attribute("nick", nick); // §9.5: a member's registered nick
            }
            query.child(listed.build());
        }
        return query.build();
    }

    private void requireMayList(Affiliation wanted, Occupant actor, Affiliation actorAffiliation) {
        boolean allowed = switch (wanted) {
            case OWNER, ADMIN -> actorAffiliation == Affiliation.OWNER;
            case OUTCAST -> actorAffiliation.isPrivileged();
            // §9.5: and whoever muc#roomconfig_getmemberlist lets in.
            case MEMBER -> actorAffiliation.isPrivileged()
                    || actor != null && room.config().memberListRoles().contains(actor.role().value());
            case NONE -> false;
        };
        if (!allowed) {
            throw new StanzaException(wanted == Affiliation.NONE ? Condition.BAD_REQUEST : Condition.FORBIDDEN,
                    "you may not list the users with affiliation " + wanted.value());
        }
    }

    private static BareJid jid(XmlElement item) {
        try {
            return Jid.parse(item.attribute("jid")).bare();
        } catch (JidFormatException e) {
            throw new StanzaException(Condition.JID_MALFORMED, "jid: " + e.getMessage());
        }
    }

    private static Affiliation affiliation(XmlElement item) {
        Affiliation a = Affiliation.of(item.attribute("affiliation"));
        if (a == null) {
            throw new StanzaException(Condition.BAD_REQUEST, "affiliation: '" + item.attribute("affiliation")
                    + "' (expected: owner, admin, member, none, outcast)");
        }
        return a;
    }

    private static Role role(XmlElement item) {
        Role r = Role.of(item.attribute("role"));
        if (r == null) {
            throw new StanzaException(Condition.BAD_REQUEST, "role: '" + item.attribute("role")
                    + "' (expected: moderator, participant, visitor, none)");
        }
        return r;
    }

    private static String reason(XmlElement item) {
        return item.childText(MucNamespaces.ADMIN, "reason");
    }
}
