package dev.xmppd.muc;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.history.RoomArchive;
import dev.xmppd.muc.options.Form;
import dev.xmppd.muc.options.RoomConfig;
import dev.xmppd.muc.options.RoomOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What a room tells about itself: disco#info with one feature per option and the {@code muc#roominfo} form
 * (XEP-0045 §6.4, XEP-0128), disco#items (§6.5: the occupants, in public rooms and to occupants), its archive (XEP-0313) and pings to
 * the room (XEP-0199).
 *
 * <pre>
 * C: &lt;iq type='get' to='coven@chat.shakespeare.lit' id='i1'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#info'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='i1'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#info'&gt;
 *      &lt;identity category='conference' type='text' name='A Dark Cave'/&gt;&lt;feature var='http://jabber.org/protocol/muc'/&gt;
 *      &lt;feature var='muc_public'/&gt;…&lt;x xmlns='jabber:x:data' type='result'&gt;…&lt;/x&gt;&lt;/query&gt;&lt;/iq&gt;
 * </pre>
 */
final class RoomInfo {
    /** Features every room has, besides those of its options. */
    private static final List<String> FEATURES = List.of(MucNamespaces.MUC, MucNamespaces.STABLE_ID,
            MucNamespaces.STANZA_ID, MucNamespaces.OCCUPANT_ID, RoomRegistration.NS, MucNamespaces.SELF_PING, MucNamespaces.DISCO_INFO,
            MucNamespaces.CONFERENCE);

    private final Room room;

    RoomInfo(Room room) {
        this.room = room;
    }

    CompletionStage<?> handle(Iq iq) {
        XmlElement payload = iq.payload();
        if (payload == null) {
            throw new StanzaException(Condition.BAD_REQUEST, "iq without payload");
        }
        if (room.state().locked && room.affiliationOf(iq.from().bare()) != Affiliation.OWNER) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "this room is locked"); // §10.1.1
        }
        boolean get = iq.type() == IqType.GET;
        if (get && payload.is(MucNamespaces.DISCO_INFO, "query")) {
            String node = payload.attribute("node");
            room.send(iq.result("x-roomuser-item".equals(node) ? room.registration().reservedNickInfo(
                    iq.from().bare()) : info(node)));
        } else if (get && payload.is(MucNamespaces.DISCO_ITEMS, "query")) {
            room.send(iq.result(items(iq)));
        } else if (get && payload.is(MucNamespaces.PING, "ping")) {
            room.send(iq.result());
        } else if (payload.is(RoomArchive.NS, "query")) {
            requireMayReadArchive(iq);
            if (get) {
                room.send(iq.result(RoomArchive.queryForm()));
            } else {
                room.services().archive().query(room.jid(), iq, room::send);
            }
        } else {
            throw new StanzaException(Condition.SERVICE_UNAVAILABLE); // RFC 6120 §8.4
        }
        return Room.DONE;
    }

    private XmlElement info(String node) {
        if (node != null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "no such node");
        }
        RoomConfig config = room.config();
        RoomOptions options = room.services().options();
        XmlElement.Builder q = XmlElement.builder(MucNamespaces.DISCO_INFO, "query")
                .child(XmlElement.builder(MucNamespaces.DISCO_INFO, "identity").attribute("category", "conference")
                        .attribute("type", "text")
                        .attribute("name", config.name().isEmpty() ? room.jid().local() : config.name()).build());
        List<String> features = new ArrayList<>(FEATURES);
        features.addAll(options.features(config));
        features.stream().distinct().sorted().forEach(f -> q.child(XmlElement.builder(MucNamespaces.DISCO_INFO,
                "feature").attribute("var", f).build()));
        XmlElement.Builder x = XmlElement.builder(Form.NS, "x").attribute("type", "result")
                .child(Form.formType(RoomOptions.INFO_FORM_TYPE))
                .children(options.infoFields(config))
                .child(Form.text("muc#roominfo_occupants", "Number of occupants",
                        Integer.toString(room.state().occupantCount())))
                .child(Form.text("muc#roominfo_subject", "Subject", subject()))
                .child(Form.text("muc#roomconfig_roomname", "Natural-Language Room Name", config.name()));
        return q.child(x.build()).build();
    }

    /**
     * §6.5: the occupant JIDs, to occupants and in public rooms (an empty list elsewhere keeps occupants private).
     */
    private XmlElement items(Iq iq) {
        XmlElement.Builder q = XmlElement.builder(MucNamespaces.DISCO_ITEMS, "query");
        boolean occupant = iq.from() instanceof FullJid f && room.state().occupant(f) != null;
        if (occupant || room.config().isPublic()) {
            for (Occupant o : room.state().occupants()) {
                q.child(XmlElement.builder(MucNamespaces.DISCO_ITEMS, "item")
                        .attribute("jid", room.state().occupantJid(o.nick()).toString()).build());
            }
        }
        return q.build();
    }

    private String subject() {
        XmlElement s = room.state().subject;
        String text = s == null ? null : s.childText(s.namespace(), "subject");
        return text == null ? "" : text;
    }

    /** XEP-0313 §4 for MUC: occupants, and anyone but outcasts in an open room; members in a members-only room. */
    private void requireMayReadArchive(Iq iq) {
        Affiliation a = room.affiliationOf(iq.from().bare());
        boolean occupant = iq.from() instanceof FullJid f && room.state().occupant(f) != null;
        if (a == Affiliation.OUTCAST || room.config().membersOnly() && !a.isMember() && !occupant) {
            throw new StanzaException(Condition.FORBIDDEN, "you may not read this room's archive");
        }
    }
}
