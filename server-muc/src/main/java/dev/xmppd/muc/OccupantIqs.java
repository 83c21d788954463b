package dev.xmppd.muc;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * IQs to an occupant JID: a self-ping is answered by the room (XEP-0410 §3, {@code muc#self-ping-optimization});
 * other requests from occupants go to the occupant's real JID under a fresh id, and the answer comes back to the
 * requester under its own (XEP-0045 §7.5 for IQs, e.g. vCard queries).
 *
 * <pre>
 * C: &lt;iq type='get' to='coven@chat.shakespeare.lit/thirdwitch' id='sp1'&gt;&lt;ping xmlns='urn:xmpp:ping'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='coven@chat.shakespeare.lit/thirdwitch' id='sp1'/&gt;   (joined)
 * S: &lt;iq type='error' …&gt;&lt;error type='modify'&gt;&lt;not-acceptable …/&gt;&lt;/error&gt;&lt;/iq&gt;   (not joined)
 * </pre>
 */
final class OccupantIqs {
    /** Requests forwarded and not yet answered, bounded: the oldest is forgotten first. */
    private static final int MAX_PENDING = 256;

    private record Pending(FullJid requester, String id) {
    }

    private final Room room;
    private final Map<String, Pending> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
            return size() > MAX_PENDING;
        }
    };
    private long next;

    OccupantIqs(Room room) {
        this.room = room;
    }

    CompletionStage<?> handle(Iq iq) {
        if (!iq.type().isRequest()) {
            answer(iq);
            return Room.DONE;
        }
        String nick = iq.to().resource();
        Occupant sender = iq.from() instanceof FullJid f ? room.state().occupant(f) : null;
        XmlElement payload = iq.payload();
        if (sender == null) {
            boolean disco = payload != null && (payload.namespace().equals(MucNamespaces.DISCO_INFO)
                    || payload.namespace().equals(MucNamespaces.DISCO_ITEMS));
            // XEP-0045 §6.6: disco of an occupant by a non-occupant is a bad request; XEP-0410 §3: anything else
            // (a self-ping above all) says the sender is not joined.
            throw new StanzaException(disco ? Condition.BAD_REQUEST : Condition.NOT_ACCEPTABLE,
                    "you are not in this room");
        }
        Occupant target = room.state().occupant(nick);
        if (target == null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "no occupant with that nick");
        }
        if (target.jid().equals(sender.jid()) && payload != null && payload.is(MucNamespaces.PING, "ping")) {
            room.send(iq.result());
            return Room.DONE;
        }
        String id = "muc" + (++next) + "-" + iq.id();
        pending.put(id, new Pending((FullJid) iq.from(), iq.id()));
        FullJid from = room.state().occupantJid(sender.nick());
        room.send(new Iq(iq.element().withAttribute("id", id).withAttribute("from", from.toString())
                .withAttribute("to", target.jid().toString()), target.jid(), from, iq.type()));
        return Room.DONE;
    }

    /** A result or error from an occupant's client goes back to whoever asked, from the occupant JID. */
    private void answer(Iq iq) {
        Pending p = pending.remove(iq.id());
        Occupant answering = iq.from() instanceof FullJid f ? room.state().occupant(f) : null;
        if (p == null || answering == null) {
            return;
        }
        FullJid from = room.state().occupantJid(answering.nick());
        room.send(new Iq(iq.element().withAttribute("id", p.id()).withAttribute("from", from.toString())
                .withAttribute("to", p.requester().toString()), p.requester(), from, iq.type()));
    }
}
