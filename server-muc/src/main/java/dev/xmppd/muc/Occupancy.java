package dev.xmppd.muc;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlNode;
import dev.xmppd.muc.history.HistoryRequest;
import dev.xmppd.muc.options.JoinAttempt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Presence in a room (XEP-0045 §7.2 entering, §7.6 nick changes, §7.7 status changes, §7.14 exiting): who is in,
 * and what everybody sees of it.
 *
 * <pre>
 * C: &lt;presence to='coven@chat.shakespeare.lit/thirdwitch'&gt;&lt;x xmlns='http://jabber.org/protocol/muc'/&gt;&lt;/presence&gt;
 * S: &lt;presence from='coven@chat.shakespeare.lit/thirdwitch' to='hag66@shakespeare.lit/pda'&gt;
 *      &lt;x xmlns='http://jabber.org/protocol/muc#user'&gt;&lt;item affiliation='member' role='participant'/&gt;
 *      &lt;status code='110'/&gt;&lt;/x&gt;&lt;/presence&gt;
 * </pre>
 */
final class Occupancy {
    private final Room room;

    Occupancy(Room room) {
        this.room = room;
    }

    CompletionStage<?> handle(Presence p) {
        if (!(p.from() instanceof FullJid from)) {
            return Room.DONE; // only a client's session can be an occupant
        }
        Occupant current = room.state().occupant(from);
        String nick = p.to().resource();
        switch (p.type()) {
            case UNAVAILABLE -> {
                if (current != null) {
                    leave(current, clean(p.element()), null);
                }
            }
            case ERROR -> {
                if (current != null) {
                    // XEP-0045 §15.6 status 333: the occupant's client or server answered with an error.
                    leave(current, unavailable(), Status.ERROR_REMOVED);
                }
            }
            case AVAILABLE -> available(p, from, current, nick);
            default -> {
                // Subscriptions and probes mean nothing to a room.
            }
        }
        return Room.DONE;
    }

    private void available(Presence p, FullJid from, Occupant current, String nick) {
        if (nick == null) {
            // XEP-0045 §7.2.1: entering needs a nick.
            throw new StanzaException(Condition.JID_MALFORMED, "a nick is required (to='room@service/nick')");
        }
        if (current == null) {
            join(p, from, nick, false);
        } else if (!current.nick().equals(nick)) {
            changeNick(current, nick, p);
        } else if (p.element().element(MucNamespaces.MUC, "x") != null) {
            // The client thinks it is not in (e.g. after reconnecting): give it the room again, tell nobody.
            Occupant updated = current.withPresence(clean(p.element()));
            room.state().put(updated);
            welcome(updated, p, List.of());
        } else {
            Occupant updated = current.withPresence(clean(p.element()));
            room.state().put(updated);
            broadcast(new OccupantPresence(room, updated, updated.presence(), updated.role()), updated.role());
        }
    }

    /** Enters a new occupant after the checks of XEP-0045 §7.2; {@code created} for the room's creator. */
    void join(Presence p, FullJid from, String nick, boolean created) {
        RoomState state = room.state();
        Affiliation affiliation = room.affiliationOf(from.bare());
        if (state.locked && affiliation != Affiliation.OWNER) {
            // XEP-0045 §10.1.1: nobody enters a room still being configured.
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "this room is locked until its owner configures it");
        }
        if (affiliation == Affiliation.OUTCAST) {
            throw new StanzaException(Condition.FORBIDDEN, "you are banned from this room"); // §7.2.7
        }
        XmlElement x = p.element().element(MucNamespaces.MUC, "x");
        String password = x == null ? null : x.childText(MucNamespaces.MUC, "password");
        StanzaError refused = room.services().options().checkJoin(state.config, new JoinAttempt(password,
                affiliation.isMember(), affiliation.isPrivileged(), state.occupantCount()));
        if (refused != null) {
            throw new StanzaException(refused);
        }
        if (state.occupant(nick) != null) {
            throw new StanzaException(Condition.CONFLICT, "that nick is taken"); // §7.2.9
        }
        requireNotReservedByOther(nick, from.bare());
        Occupant o = new Occupant(nick, from, Role.defaultFor(affiliation, state.config.moderated()),
                clean(p.element()));
        List<Integer> codes = new ArrayList<>();
        if (created) {
            codes.add(Status.CREATED);
        }
        welcome(o, p, codes);
        room.services().listener().joined(state.jid, from);
    }

    /** §7.2.3 to §7.2.15: the others' presence, the newcomer's presence to all, then history and subject. */
    private void welcome(Occupant o, Presence join, List<Integer> extraSelfCodes) {
        RoomState state = room.state();
        boolean newcomer = state.occupant(o.jid()) == null;
        for (Occupant other : state.occupants()) {
            if (!other.jid().equals(o.jid()) && broadcasts(other.role())) {
                room.send(new OccupantPresence(room, other, other.presence(), other.role()).to(o.jid(),
                        room.seesJids(o)));
            }
        }
        state.put(o);
        OccupantPresence self = new OccupantPresence(room, o, o.presence(), o.role());
        extraSelfCodes.forEach(self::selfStatus);
        if (state.config.nonAnonymous()) {
            self.selfStatus(Status.NON_ANONYMOUS); // §7.2.4
        }
        if (state.config.logging()) {
            self.selfStatus(Status.LOGGING_ON); // §7.2.12
        }
        if (newcomer) {
            broadcast(self, o.role());
        } else {
            room.send(self.to(o.jid(), true));
        }
        XmlElement x = join.element().element(MucNamespaces.MUC, "x");
        HistoryRequest wanted = HistoryRequest.of(x == null ? null : x.element(MucNamespaces.MUC, "history"));
        List<XmlElement> history = state.history.select(wanted, room.now(), state.jid.toString());
        // muc#maxhistoryfetch: the most recent ones, whatever the occupant asked for.
        int from = Math.max(0, history.size() - state.config.maxHistoryFetch());
        for (XmlElement m : history.subList(from, history.size())) {
            room.send(message(m, o.jid()));
        }
        // §7.2.15: the subject comes last, empty if there is none, and tells the client it is in.
        XmlElement subject = state.subject != null ? state.subject
                : XmlElement.builder(Namespaces.CLIENT, "message").attribute("from", state.jid.toString())
                        .attribute("type", "groupchat")
                        .child(XmlElement.empty(Namespaces.CLIENT, "subject")).build();
        room.send(message(subject, o.jid()));
    }

    /** §7.2.9, §7.6.3, §7.12: a nick another user registered is theirs. */
    private void requireNotReservedByOther(String nick, BareJid user) {
        BareJid holder = room.state().reservedBy(nick);
        if (holder != null && !holder.equals(user)) {
            throw new StanzaException(Condition.CONFLICT, "that nick is reserved by another user");
        }
    }

    /** §7.6: unavailable with 303 and the new nick, then available under it. */
    private void changeNick(Occupant o, String nick, Presence p) {
        RoomState state = room.state();
        if (state.occupant(nick) != null) {
            throw new StanzaException(Condition.CONFLICT, "that nick is taken"); // §7.6.3
        }
        requireNotReservedByOther(nick, o.bare());
        broadcast(new OccupantPresence(room, o, unavailable(), o.role()).newNick(nick).status(Status.NICK_CHANGED),
                o.role());
        Occupant renamed = o.withNick(nick).withPresence(clean(p.element()));
        state.put(renamed);
        broadcast(new OccupantPresence(room, renamed, renamed.presence(), renamed.role()), renamed.role());
    }

    /**
     * Removes an occupant and tells everybody, the occupant included (§7.14, §8.2, §9.1).
     *
     * @param status a status code for everyone, or null
     */
    void leave(Occupant o, XmlElement presence, Integer status) {
        leave(o, presence, status, null, null);
    }

    void leave(Occupant o, XmlElement presence, Integer status, String actor, String reason) {
        RoomState state = room.state();
        state.remove(o);
        room.services().listener().left(state.jid, o.jid());
        OccupantPresence gone = new OccupantPresence(room, o, presence, Role.NONE).actor(actor, reason);
        if (status != null) {
            gone.status(status);
        }
        broadcast(gone, o.role());
        room.goneIfEmpty();
    }

    /**
     * Sends an occupant's presence to every occupant and to the occupant itself, if it is no longer in; others see
     * it only if presence of its role is broadcast (muc#roomconfig_presencebroadcast).
     */
    void broadcast(OccupantPresence presence, Role role) {
        FullJid self = presence.occupant().jid();
        boolean selfIn = false;
        boolean toOthers = broadcasts(role);
        for (Occupant r : room.state().occupants()) {
            boolean isSelf = r.jid().equals(self);
            if (toOthers || isSelf || r.role() == Role.MODERATOR) {
                room.send(presence.to(r.jid(), room.seesJids(r)));
            }
            selfIn |= isSelf;
        }
        if (!selfIn) {
            room.send(presence.to(self, true));
        }
    }

    /**
     * XEP-0045 §10.2.1: after the room became non-anonymous (172) or semi-anonymous (173), the occupants who are
     * not moderators get everybody's presence again, now with or without real JIDs.
     */
    void resendToNonModerators() {
        for (Occupant o : room.state().occupants()) {
            if (!broadcasts(o.role())) {
                continue;
            }
            OccupantPresence presence = new OccupantPresence(room, o, o.presence(), o.role());
            for (Occupant r : room.state().occupants()) {
                if (r != o && r.role() != Role.MODERATOR) {
                    room.send(presence.to(r.jid(), room.seesJids(r)));
                }
            }
        }
    }

    private boolean broadcasts(Role role) {
        return role == Role.NONE || room.config().presenceBroadcast().contains(role.value());
    }

    /** An occupant's current presence to everyone, e.g. after a role or affiliation change (§8.3, §9.3). */
    void announce(Occupant o, String actor, String reason) {
        broadcast(new OccupantPresence(room, o, o.presence(), o.role()).actor(actor, reason), o.role());
    }

    private static Message message(XmlElement m, FullJid to) {
        XmlElement addressed = m.withAttribute("to", to.toString());
        return new Message(addressed, to, Jid.parse(m.attribute("from")), MessageType.GROUPCHAT);
    }

    /** An empty unavailable presence. */
    static XmlElement unavailable() {
        return XmlElement.builder(Namespaces.CLIENT, "presence").attribute("type", "unavailable").build();
    }

    /** The presence without addresses and without the MUC payloads the room adds or reads. */
    static XmlElement clean(XmlElement presence) {
        List<XmlNode> kept = new ArrayList<>();
        for (XmlNode n : presence.children()) {
            if (n instanceof XmlElement e && (e.namespace().equals(MucNamespaces.MUC)
                    || e.namespace().equals(MucNamespaces.USER) || e.namespace().equals(MucNamespaces.OCCUPANT_ID))) {
                continue;
            }
            kept.add(n);
        }
        return presence.withAttribute("to", null).withAttribute("from", null).withChildren(kept);
    }
}
