package dev.xmppd.muc;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * Checks one role or affiliation change of a {@code muc#admin} set against XEP-0045's privilege rules and returns
 * what applies it, so that a set is applied only when every item passed.
 */
final class AdminChanges {
    private final Room room;

    AdminChanges(Room room) {
        this.room = room;
    }

    /** A role change by nick: kick (§8.2), voice (§8.3, §8.4), moderator (§9.6, §9.7). */
    Runnable role(Occupant actor, Affiliation actorAffiliation, String nick, Role role, String reason) {
        if (actor == null || actor.role() != Role.MODERATOR) {
            throw new StanzaException(Condition.FORBIDDEN, "only moderators may change roles");
        }
        Occupant target = room.state().occupant(nick);
        if (target == null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "no occupant with nick '" + nick + "'");
        }
        Affiliation targetAffiliation = room.affiliationOf(target.bare());
        if (role.compareTo(target.role()) < 0 && (targetAffiliation.isPrivileged()
                || targetAffiliation.compareTo(actorAffiliation) > 0)) {
            // §8.2, §8.4, §9.7: nobody lowers the role of an admin or owner, or of someone ranked higher.
            throw new StanzaException(Condition.NOT_ALLOWED, "you may not lower the role of " + nick);
        }
        boolean granting = role == Role.MODERATOR || role == Role.PARTICIPANT && target.role() == Role.MODERATOR;
        if (granting && !actorAffiliation.isPrivileged()) {
            // §9.6, §9.7: granting and revoking moderator status is for admins and owners.
            throw new StanzaException(Condition.FORBIDDEN, "only admins may grant or revoke moderator status");
        }
        String actorNick = actor.nick();
        return () -> {
            Occupant current = room.state().occupant(target.jid());
            if (current == null) {
                return;
            }
            if (role == Role.NONE) {
                room.occupancy().leave(current, Occupancy.unavailable(), Status.KICKED, actorNick, reason);
            } else if (role != current.role()) {
                Occupant changed = current.withRole(role);
                room.state().put(changed);
                room.occupancy().announce(changed, actorNick, reason);
            }
        };
    }

    /** An affiliation change by bare JID: ban (§9.1), membership (§9.3, §9.4), admin and owner (§10.3-10.7). */
    Runnable affiliation(Affiliation actorAffiliation, Occupant actor, BareJid user, Affiliation affiliation,
            String reason) {
        Affiliation current = room.affiliationOf(user);
        if (!actorAffiliation.isPrivileged()) {
            throw new StanzaException(Condition.FORBIDDEN, "only admins and owners may change affiliations");
        }
        if (actorAffiliation == Affiliation.ADMIN && (current.isPrivileged() || affiliation.isPrivileged())) {
            // §9.1, §9.3: admins manage members and outcasts; owners manage admins and owners.
            throw new StanzaException(Condition.NOT_ALLOWED, "only owners may change the affiliation of admins");
        }
        if (room.services().admins().contains(user) && affiliation != Affiliation.OWNER) {
            throw new StanzaException(Condition.NOT_ALLOWED, user + " is a service admin");
        }
        if (current == Affiliation.OWNER && affiliation != Affiliation.OWNER
                && room.state().withAffiliation(Affiliation.OWNER).size() <= 1) {
            // §10.6: a room keeps at least one owner.
            throw new StanzaException(Condition.CONFLICT, "a room needs an owner");
        }
        String actorNick = actor == null ? null : actor.nick();
        return () -> apply(user, affiliation, actorNick, reason);
    }

    /**
     * Sets an affiliation that passed the checks and tells the user's occupants and the others, or, when the user is
     * not in the room, the user (status 101).
     */
    void apply(BareJid user, Affiliation affiliation, String actorNick, String reason) {
        apply(user, affiliation, actorNick, reason, true);
    }

    /**
     * As above; {@code tellAbsent} false leaves out the out-of-room message, for a change the user asked for
     * (registration, §7.10).
     */
    void apply(BareJid user, Affiliation affiliation, String actorNick, String reason, boolean tellAbsent) {
        RoomState state = room.state();
        Affiliation previous = state.affiliation(user);
        state.setAffiliation(user, affiliation);
        boolean moderated = state.config.moderated();
        if (state.occupantsOf(user).isEmpty()) {
            if (previous != affiliation && tellAbsent) {
                notifyAbsent(user, affiliation, reason);
            }
            return;
        }
        for (Occupant o : state.occupantsOf(user)) {
            if (affiliation == Affiliation.OUTCAST) {
                room.occupancy().leave(o, Occupancy.unavailable(), Status.BANNED, actorNick, reason); // §9.1
            } else if (state.config.membersOnly() && !affiliation.isMember()) {
                room.occupancy().leave(o, Occupancy.unavailable(), Status.AFFILIATION_REMOVED, actorNick,
                        reason); // §9.4
            } else {
                Role role = Role.defaultFor(affiliation, moderated);
                if (affiliation == Affiliation.NONE && o.role() == Role.PARTICIPANT) {
                    role = Role.PARTICIPANT; // keeps voice a moderator gave (§8.3)
                }
                Occupant changed = o.withRole(role);
                state.put(changed);
                room.occupancy().announce(changed, actorNick, reason);
            }
        }
    }

    /**
     * XEP-0045 §17.1 (implementation note 2): a user whose affiliation changes while not in the room gets an
     * out-of-room message at the bare JID with status 101.
     */
    private void notifyAbsent(BareJid user, Affiliation affiliation, String reason) {
        XmlElement.Builder item = MucUser.item(affiliation, null, user, null);
        MucUser.withActorAndReason(item, null, reason);
        XmlElement message = XmlElement.builder(Namespaces.CLIENT, "message")
                .attribute("from", room.jid().toString()).attribute("to", user.toString())
                .textElement("body", "Your affiliation with " + room.jid() + " is now " + affiliation.value() + ".")
                .child(MucUser.x(item.build(), List.of(Status.AFFILIATION_CHANGED))).build();
        room.send(new Message(message, user, room.jid(), MessageType.NORMAL));
    }
}
