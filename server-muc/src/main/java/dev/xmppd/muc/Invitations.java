package dev.xmppd.muc;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.util.concurrent.CompletionStage;

/**
 * Mediated invitations (XEP-0045 §7.8.2): the room passes an invitation on from itself, saying who invites, with
 * the password of a protected room; in a members-only room the invitee becomes a member. Declines go back the
 * same way. (Direct invitations, XEP-0249, go from client to client; the service only advertises them.)
 *
 * <pre>
 * C: &lt;message to='coven@chat.shakespeare.lit'&gt;&lt;x xmlns='http://jabber.org/protocol/muc#user'&gt;
 *      &lt;invite to='hecate@shakespeare.lit'&gt;&lt;reason&gt;Hey Hecate&lt;/reason&gt;&lt;/invite&gt;&lt;/x&gt;&lt;/message&gt;
 * S: &lt;message from='coven@chat.shakespeare.lit' to='hecate@shakespeare.lit'&gt;&lt;x xmlns='http://jabber.org/protocol/muc#user'&gt;
 *      &lt;invite from='crone1@shakespeare.lit/desktop'&gt;&lt;reason&gt;Hey Hecate&lt;/reason&gt;&lt;/invite&gt;&lt;/x&gt;&lt;/message&gt;
 * </pre>
 */
final class Invitations {
    private final Room room;

    Invitations(Room room) {
        this.room = room;
    }

    CompletionStage<?> handle(Message m, XmlElement x) {
        XmlElement decline = x.element(MucNamespaces.USER, "decline");
        if (decline != null) {
            decline(m, decline);
            return Room.DONE;
        }
        Occupant inviter = room.requireOccupant(m);
        Affiliation affiliation = room.affiliationOf(inviter.bare());
        RoomState state = room.state();
        boolean mayInvite = state.config.allowInvites() || affiliation.isPrivileged()
                || inviter.role() == Role.MODERATOR && !state.config.membersOnly();
        if (!mayInvite) {
            throw new StanzaException(Condition.FORBIDDEN, "occupants may not invite others to this room");
        }
        boolean changed = false;
        for (XmlElement invite : x.elements()) {
            if (!invite.is(MucNamespaces.USER, "invite")) {
                continue;
            }
            Jid invitee = jid(invite.attribute("to"));
            if (state.config.membersOnly() && state.affiliation(invitee.bare()) == Affiliation.NONE) {
                // §7.8.2: in a members-only room the invitee is added to the member list.
                state.setAffiliation(invitee.bare(), Affiliation.MEMBER);
                changed = true;
            }
            room.send(invitation(m, inviter, invite, invitee));
        }
        return changed ? room.save() : Room.DONE;
    }

    private Message invitation(Message m, Occupant inviter, XmlElement invite, Jid invitee) {
        RoomState state = room.state();
        XmlElement.Builder user = XmlElement.builder(MucNamespaces.USER, "x")
                .child(XmlElement.builder(MucNamespaces.USER, "invite").attribute("from", inviter.jid().toString())
                        .children(invite.elements().stream().filter(e -> e.is(MucNamespaces.USER, "reason")
                                || e.is(MucNamespaces.USER, "continue")).toList())
                        .build());
        if (state.config.requiresPassword()) {
            user.textElement("password", state.config.password());
        }
        String reason = invite.childText(MucNamespaces.USER, "reason");
        XmlElement.Builder out = XmlElement.builder(Namespaces.CLIENT, "message")
                .attribute("from", room.jid().toString()).attribute("to", invitee.toString())
                .attribute("id", m.id())
                .child(user.build());
        out.textElement("body", inviter.jid().bare() + " invites you to the room " + room.jid()
                + (reason == null || reason.isEmpty() ? "" : ": " + reason));
        return new Message(out.build(), invitee, room.jid(), MessageType.NORMAL);
    }

    /** §7.8.2: a decline goes to the inviter, from the room, saying who declines. */
    private void decline(Message m, XmlElement decline) {
        Jid inviter = jid(decline.attribute("to"));
        XmlElement x = XmlElement.builder(MucNamespaces.USER, "x")
                .child(XmlElement.builder(MucNamespaces.USER, "decline").attribute("from", m.from().bare().toString())
                        .children(decline.elements().stream().filter(e -> e.is(MucNamespaces.USER, "reason")).toList())
                        .build())
                .build();
        XmlElement out = XmlElement.builder(Namespaces.CLIENT, "message").attribute("from", room.jid().toString())
                .attribute("to", inviter.toString()).attribute("id", m.id()).child(x).build();
        room.send(new Message(out, inviter, room.jid(), MessageType.NORMAL));
    }

    private static Jid jid(String value) {
        if (value == null) {
            throw new StanzaException(Condition.BAD_REQUEST, "invite and decline need 'to'");
        }
        try {
            return Jid.parse(value);
        } catch (JidFormatException e) {
            throw new StanzaException(Condition.JID_MALFORMED, "'to': " + e.getMessage());
        }
    }
}
