package dev.xmppd.muc;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.options.RoomConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The stored form of a persistent room: one value (store {@code muc-rooms}, owner = the room's bare JID, key
 * {@code ""}) holding configuration, affiliations and subject; history lives in the archive.
 *
 * <pre>
 * &lt;room xmlns='urn:xmppd:muc:room:1'&gt;&lt;config name='Coven' persistent='true' …/&gt;
 *   &lt;affiliation jid='crone1@shakespeare.lit' value='owner'/&gt;&lt;subject&gt;&lt;message …/&gt;&lt;/subject&gt;&lt;/room&gt;
 * </pre>
 */
final class RoomCodec {
    static final String NS = "urn:xmppd:muc:room:1";

    private RoomCodec() {
    }

    /** The value of the room index kept under the service's JID, one key per stored room. */
    static XmlElement indexEntry() {
        return XmlElement.empty(NS, "stored");
    }

    static XmlElement encode(RoomState state) {
        RoomConfig c = state.config;
        XmlElement config = XmlElement.builder(NS, "config")
                .attribute("name", c.name()).attribute("description", c.description()).attribute("lang", c.lang())
                .attribute("persistent", Boolean.toString(c.persistent()))
                .attribute("public", Boolean.toString(c.isPublic()))
                .attribute("members-only", Boolean.toString(c.membersOnly()))
                .attribute("moderated", Boolean.toString(c.moderated()))
                .attribute("password-protected", Boolean.toString(c.passwordProtected()))
                .attribute("password", c.password())
                .attribute("non-anonymous", Boolean.toString(c.nonAnonymous()))
                .attribute("max-users", Integer.toString(c.maxUsers()))
                .attribute("allow-invites", Boolean.toString(c.allowInvites()))
                .attribute("change-subject", Boolean.toString(c.changeSubject()))
                .attribute("allow-pm", c.allowPm())
                .attribute("logging", Boolean.toString(c.logging()))
                .attribute("presence-broadcast", String.join(" ", c.presenceBroadcast().stream().sorted().toList()))
                .attribute("member-list", String.join(" ", c.memberListRoles().stream().sorted().toList()))
                .attribute("max-history-fetch", Integer.toString(c.maxHistoryFetch()))
                .attribute("pubsub", c.pubsub())
                .build();
        XmlElement.Builder room = XmlElement.builder(NS, "room").child(config);
        for (Map.Entry<BareJid, Affiliation> a : state.affiliations().entrySet()) {
            XmlElement.Builder item = XmlElement.builder(NS, "affiliation").attribute("jid", a.getKey().toString())
                    .attribute("value", a.getValue().value());
            String nick = state.reservedNick(a.getKey());
            if (nick != null) {
                item.attribute("nick", nick);
            }
            room.child(item.build());
        }
        if (state.subject != null) {
            room.child(XmlElement.builder(NS, "subject").child(state.subject).build());
        }
        return room.build();
    }

    /**
     * Reads a stored room.
     *
     * @throws IllegalArgumentException if the value is not a stored room
     */
    static RoomState decode(BareJid jid, XmlElement value) {
        XmlElement c = value.element(NS, "config");
        if (!value.is(NS, "room") || c == null) {
            throw new IllegalArgumentException("not a stored room: " + value.name());
        }
        RoomConfig d = RoomConfig.defaults();
        RoomConfig config = new RoomConfig(text(c, "name", d.name()), text(c, "description", d.description()),
                text(c, "lang", d.lang()), bool(c, "persistent", true), bool(c, "public", d.isPublic()),
                bool(c, "members-only", d.membersOnly()), bool(c, "moderated", d.moderated()),
                bool(c, "password-protected", d.passwordProtected()), text(c, "password", d.password()),
                bool(c, "non-anonymous", d.nonAnonymous()), Integer.parseInt(text(c, "max-users", "0")),
                bool(c, "allow-invites", d.allowInvites()), bool(c, "change-subject", d.changeSubject()),
                text(c, "allow-pm", d.allowPm()), bool(c, "logging", d.logging()),
                roles(c, "presence-broadcast", d.presenceBroadcast()), roles(c, "member-list", d.memberListRoles()),
                Integer.parseInt(text(c, "max-history-fetch", Integer.toString(d.maxHistoryFetch()))),
                text(c, "pubsub", d.pubsub()));
        RoomState state = new RoomState(jid, config);
        for (XmlElement e : value.elements()) {
            if (e.is(NS, "affiliation")) {
                Affiliation a = Affiliation.of(e.attribute("value"));
                if (a != null && e.attribute("jid") != null) {
                    BareJid user = BareJid.parse(e.attribute("jid"));
                    state.setAffiliation(user, a);
                    if (e.attribute("nick") != null && a.isMember()) {
                        state.reserve(user, e.attribute("nick"));
                    }
                }
            } else if (e.is(NS, "subject") && e.firstElement() != null) {
                state.subject = e.firstElement();
            }
        }
        return state;
    }

    private static String text(XmlElement e, String name, String absent) {
        String v = e.attribute(name);
        return v == null ? absent : v;
    }

    private static boolean bool(XmlElement e, String name, boolean absent) {
        String v = e.attribute(name);
        return v == null ? absent : Boolean.parseBoolean(v);
    }

    private static Set<String> roles(XmlElement e, String name, Set<String> absent) {
        String v = e.attribute(name);
        return v == null ? absent
                : Set.copyOf(Arrays.stream(v.split(" ")).filter(RoomConfig.ROLES::contains).toList());
    }
}
