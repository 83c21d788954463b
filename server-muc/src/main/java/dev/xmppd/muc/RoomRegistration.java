package dev.xmppd.muc;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.options.Form;
import java.util.concurrent.CompletionStage;

/**
 * Registration with a room, XEP-0045 §7.10, and the reserved nick it gives (§7.12): a user who registers becomes a
 * member with that nick reserved, and nobody else may enter or change to it (§7.2.9, {@code conflict}).
 *
 * <pre>
 * C: &lt;iq type='get' to='coven@chat.shakespeare.lit'&gt;&lt;query xmlns='jabber:iq:register'/&gt;&lt;/iq&gt;
 * S: &lt;query xmlns='jabber:iq:register'&gt;&lt;x xmlns='jabber:x:data' type='form'&gt;… muc#register_roomnick …
 * C: &lt;iq type='set'&gt;&lt;query xmlns='jabber:iq:register'&gt;&lt;x type='submit'&gt;… thirdwitch …&lt;/x&gt;&lt;/query&gt;&lt;/iq&gt;
 * S: &lt;iq type='result'/&gt;   (member, nick reserved; announced to the user's occupants)
 * </pre>
 *
 * Anyone not banned may register, except in a members-only room, where only admins make members
 * ({@code not-allowed}); a registered user gets {@code <registered/>} with the nick. {@code <remove/>} cancels the
 * registration (XEP-0077 §3.2): the nick is free again, and a member becomes unaffiliated. An admin or owner keeps
 * the affiliation and only gives up the nick.
 */
final class RoomRegistration {
    static final String NS = "jabber:iq:register";
    static final String FORM_TYPE = "http://jabber.org/protocol/muc#register";
    static final String ROOMNICK = "muc#register_roomnick";

    private final Room room;
    private final AdminChanges changes;

    RoomRegistration(Room room) {
        this.room = room;
        this.changes = new AdminChanges(room);
    }

    CompletionStage<?> handle(Iq iq) {
        BareJid user = iq.from().bare();
        RoomState state = room.state();
        Affiliation affiliation = room.affiliationOf(user);
        if (state.locked && affiliation != Affiliation.OWNER) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "this room is locked"); // §10.1.1
        }
        if (affiliation == Affiliation.OUTCAST) {
            throw new StanzaException(Condition.FORBIDDEN, "you are banned from this room");
        }
        String reserved = state.reservedNick(user);
        if (iq.type() == IqType.GET) {
            if (reserved != null) {
                room.send(iq.result(XmlElement.builder(NS, "query").child(XmlElement.empty(NS, "registered"))
                        .textElement("username", reserved).build()));
                return Room.DONE;
            }
            requireMayRegister(affiliation);
            room.send(iq.result(form()));
            return Room.DONE;
        }
        XmlElement query = iq.payload();
        if (query.element(NS, "remove") != null) {
            return cancel(iq, user, affiliation, reserved);
        }
        XmlElement x = query.element(Form.NS, "x");
        if (x == null || !"submit".equals(x.attribute("type"))) {
            throw new StanzaException(Condition.BAD_REQUEST, "submit the registration form (XEP-0045 §7.10)");
        }
        Form.Values values = Form.Values.of(x);
        String nick = nick(values.single(ROOMNICK));
        if (reserved == null) {
            requireMayRegister(affiliation);
        }
        BareJid holder = state.reservedBy(nick);
        if (holder != null && !holder.equals(user)) {
            throw new StanzaException(Condition.CONFLICT, "that nick is reserved"); // §7.10
        }
        state.reserve(user, nick);
        if (!affiliation.isMember()) {
            changes.apply(user, Affiliation.MEMBER, null, null, false); // §7.10: announced to the user's occupants
        }
        room.send(iq.result());
        return room.save();
    }

    private CompletionStage<?> cancel(Iq iq, BareJid user, Affiliation affiliation, String reserved) {
        if (reserved == null && affiliation != Affiliation.MEMBER) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "you are not registered with this room");
        }
        room.state().release(user);
        if (affiliation == Affiliation.MEMBER) {
            changes.apply(user, Affiliation.NONE, null, null, false);
        }
        room.send(iq.result());
        return room.save();
    }

    private void requireMayRegister(Affiliation affiliation) {
        if (room.state().config.membersOnly() && !affiliation.isMember()) {
            throw new StanzaException(Condition.NOT_ALLOWED, "in a members-only room, admins make members");
        }
    }

    /** The form of §7.10: the nick is required; the rest of the registered fields are left out. */
    private XmlElement form() {
        return XmlElement.builder(NS, "query")
                .textElement("instructions", "To register with " + room.jid() + ", choose the nick to reserve.")
                .child(XmlElement.builder(Form.NS, "x").attribute("type", "form")
                        .textElement("title", "Registration with " + room.jid())
                        .child(Form.formType(FORM_TYPE))
                        .child(XmlElement.builder(Form.NS, "field").attribute("var", ROOMNICK)
                                .attribute("type", "text-single").attribute("label", "Desired Nickname")
                                .child(XmlElement.empty(Form.NS, "required")).build())
                        .build())
                .build();
    }

    /** The nick as the room keeps it: normalized as an occupant JID's resource. */
    private String nick(String value) {
        if (value == null || value.isBlank()) {
            throw new StanzaException(Condition.BAD_REQUEST, ROOMNICK + " is required");
        }
        try {
            return room.state().occupantJid(value).resource();
        } catch (JidFormatException e) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, ROOMNICK + ": " + e.getMessage());
        }
    }

    /** §7.12: the user's reserved nick as an identity, or an empty query. */
    XmlElement reservedNickInfo(BareJid user) {
        String nick = room.state().reservedNick(user);
        XmlElement.Builder q = XmlElement.builder(MucNamespaces.DISCO_INFO, "query").attribute("node",
                "x-roomuser-item");
        if (nick != null) {
            q.child(XmlElement.builder(MucNamespaces.DISCO_INFO, "identity").attribute("category", "conference")
                    .attribute("type", "text").attribute("name", nick).build());
        }
        return q.build();
    }
}
