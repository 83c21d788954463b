package dev.xmppd.muc;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.options.Form;
import dev.xmppd.muc.options.RoomConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The {@code muc#owner} protocol (XEP-0045 §10): the configuration form of a reserved room (§10.1.3) or the empty
 * submission of an instant room (§10.1.2), which unlock a new room; later configuration changes with their status
 * codes (§10.2.1); and destroying the room (§10.9).
 *
 * <pre>
 * C: &lt;iq type='set' to='coven@chat.shakespeare.lit' id='create1'&gt;&lt;query xmlns='http://jabber.org/protocol/muc#owner'&gt;
 *      &lt;x xmlns='jabber:x:data' type='submit'/&gt;&lt;/query&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='coven@chat.shakespeare.lit' id='create1'/&gt;
 * </pre>
 */
final class RoomOwner {
    private final Room room;
    private final AffiliationFields affiliationFields;

    RoomOwner(Room room) {
        this.room = room;
        this.affiliationFields = new AffiliationFields(room);
    }

    CompletionStage<?> handle(Iq iq) {
        if (room.affiliationOf(iq.from().bare()) != Affiliation.OWNER) {
            throw new StanzaException(Condition.FORBIDDEN, "only owners may configure or destroy the room");
        }
        RoomState state = room.state();
        if (iq.type() == IqType.GET) {
            XmlElement form = room.services().options().configForm(state.config);
            for (XmlElement field : affiliationFields.fields()) {
                form = form.withChild(field);
            }
            room.send(iq.result(XmlElement.builder(MucNamespaces.OWNER, "query").child(form).build()));
            return Room.DONE;
        }
        XmlElement destroy = iq.payload().element(MucNamespaces.OWNER, "destroy");
        if (destroy != null) {
            return destroy(iq, destroy);
        }
        XmlElement form = iq.payload().element(Form.NS, "x");
        if (form == null) {
            throw new StanzaException(Condition.BAD_REQUEST, "expected a data form or destroy");
        }
        if ("cancel".equals(form.attribute("type"))) {
            // §10.1.3: cancelling the first configuration destroys the new room.
            room.send(iq.result());
            return state.locked ? destroy(null, null) : Room.DONE;
        }
        if (!"submit".equals(form.attribute("type"))) {
            throw new StanzaException(Condition.BAD_REQUEST, "expected a form of type submit or cancel");
        }
        return configure(iq, form);
    }

    private CompletionStage<?> configure(Iq iq, XmlElement form) {
        RoomState state = room.state();
        RoomConfig before = state.config;
        RoomConfig after = room.services().options().submit(before, form);
        Occupant actor = iq.from() instanceof FullJid f ? state.occupant(f) : null;
        Runnable affiliations = affiliationFields.submit(Form.Values.of(form), actor == null ? null : actor.nick());
        boolean wasLocked = state.locked;
        state.config = after;
        state.locked = false;
        room.send(iq.result());
        affiliations.run();
        if (!wasLocked) {
            notifyChange(before, after);
        }
        if (after.membersOnly() && !before.membersOnly()) {
            for (Occupant o : List.copyOf(state.occupants())) {
                if (!room.affiliationOf(o.bare()).isMember()) {
                    // §9.4, status 322: removed because the room became members-only.
                    room.occupancy().leave(o, Occupancy.unavailable(), Status.MEMBERS_ONLY_REMOVED);
                }
            }
        }
        room.goneIfEmpty();
        return room.isGone() ? Room.DONE : room.save();
    }

    /** §10.2.1: a message from the room with the status codes of the change. */
    private void notifyChange(RoomConfig before, RoomConfig after) {
        List<Integer> codes = new ArrayList<>();
        if (after.logging() != before.logging()) {
            codes.add(after.logging() ? Status.LOGGING_ON : Status.LOGGING_OFF);
        }
        boolean jidsShown = after.nonAnonymous() != before.nonAnonymous();
        if (jidsShown) {
            codes.add(after.nonAnonymous() ? Status.NOW_NON_ANONYMOUS : Status.NOW_SEMI_ANONYMOUS);
        }
        // §10.2.1: 104 for any change that is not one of the privacy changes above.
        RoomConfig privacyOnly = before.toBuilder().logging(after.logging()).nonAnonymous(after.nonAnonymous())
                .build();
        if (codes.isEmpty() || !privacyOnly.equals(after)) {
            codes.add(0, Status.CONFIG_CHANGED);
        }
        XmlElement message = XmlElement.builder(Namespaces.CLIENT, "message").attribute("from", room.jid().toString())
                .attribute("type", "groupchat").child(MucUser.x(null, codes)).build();
        room.fanOut(message);
        if (jidsShown) {
            room.occupancy().resendToNonModerators();
        }
    }

    /**
     * §10.9: every occupant gets unavailable presence with the destroy element (and the alternate venue); the room
     * ends, and with it its stored state and archive ({@link Room#end()}).
     *
     * @param iq the owner's request, or null when the room ends for another reason
     */
    private CompletionStage<?> destroy(Iq iq, XmlElement destroy) {
        RoomState state = room.state();
        XmlElement.Builder d = XmlElement.builder(MucNamespaces.USER, "destroy");
        if (destroy != null) {
            String venue = destroy.attribute("jid");
            try {
                d.attribute("jid", venue == null ? null : Jid.parse(venue).toString());
            } catch (JidFormatException e) {
                throw new StanzaException(Condition.JID_MALFORMED, "alternate venue: " + e.getMessage());
            }
            d.children(destroy.elements().stream().filter(e -> e.name().equals("reason") || e.name().equals("password"))
                    .map(e -> e.withNamespace(MucNamespaces.USER)).toList());
        }
        XmlElement destroyed = d.build();
        for (Occupant o : List.copyOf(state.occupants())) {
            state.remove(o);
            room.services().listener().left(state.jid, o.jid());
            room.send(new OccupantPresence(room, o, Occupancy.unavailable(), Role.NONE).extra(destroyed)
                    .to(o.jid(), true));
        }
        room.markGone();
        if (iq != null) {
            room.send(iq.result());
        }
        return Room.DONE;
    }
}
