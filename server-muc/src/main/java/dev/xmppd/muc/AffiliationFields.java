package dev.xmppd.muc;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.options.Form;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code muc#roomconfig_roomadmins} and {@code muc#roomconfig_roomowners} fields of the configuration form
 * (XEP-0045 §10.2): unlike the {@code muc#admin} lists (§10.5, §10.8), which take a delta, each holds the complete
 * list, so a submitted list grants the affiliation to the JIDs it names and takes it from the others. A room keeps
 * at least one owner (§10.6); a JID in both lists is an owner.
 *
 * <pre>
 * C: &lt;field var='muc#roomconfig_roomowners'&gt;&lt;value&gt;crone1@shakespeare.lit&lt;/value&gt;
 *      &lt;value&gt;wiccarocks@shakespeare.lit&lt;/value&gt;&lt;/field&gt;
 * </pre>
 */
final class AffiliationFields {
    static final String ADMINS = "muc#roomconfig_roomadmins";
    static final String OWNERS = "muc#roomconfig_roomowners";

    private final Room room;
    private final AdminChanges changes;

    AffiliationFields(Room room) {
        this.room = room;
        this.changes = new AdminChanges(room);
    }

    /** The two fields with the current stored admins and owners. */
    List<XmlElement> fields() {
        RoomState state = room.state();
        return List.of(Form.field(ADMINS, "jid-multi", "Room Admins", strings(state.withAffiliation(Affiliation.ADMIN))),
                Form.field(OWNERS, "jid-multi", "Room Owners", strings(state.withAffiliation(Affiliation.OWNER))));
    }

    /**
     * Checks the submitted lists and returns what applies them; absent fields change nothing.
     *
     * @param actorNick the owner's nick in the room, or null
     * @throws StanzaException {@code jid-malformed} for a value that is not a JID, {@code conflict} for an empty
     *     owner list
     */
    Runnable submit(Form.Values values, String actorNick) {
        if (!values.has(OWNERS) && !values.has(ADMINS)) {
            return () -> { };
        }
        RoomState state = room.state();
        Set<BareJid> owners = values.has(OWNERS) ? parse(values.all(OWNERS))
                : new LinkedHashSet<>(state.withAffiliation(Affiliation.OWNER));
        Set<BareJid> admins = values.has(ADMINS) ? parse(values.all(ADMINS))
                : new LinkedHashSet<>(state.withAffiliation(Affiliation.ADMIN));
        admins.removeAll(owners);
        if (owners.isEmpty()) {
            // §10.6: a room keeps at least one owner.
            throw new StanzaException(Condition.CONFLICT, OWNERS + ": a room needs an owner");
        }
        Map<BareJid, Affiliation> wanted = new LinkedHashMap<>();
        for (BareJid user : state.withAffiliation(Affiliation.OWNER)) {
            if (!owners.contains(user)) {
                wanted.put(user, admins.contains(user) ? Affiliation.ADMIN : Affiliation.NONE);
            }
        }
        for (BareJid user : state.withAffiliation(Affiliation.ADMIN)) {
            if (!admins.contains(user) && !owners.contains(user)) {
                wanted.put(user, Affiliation.NONE);
            }
        }
        owners.forEach(user -> wanted.put(user, Affiliation.OWNER));
        admins.forEach(user -> wanted.put(user, Affiliation.ADMIN));
        wanted.entrySet().removeIf(e -> state.affiliation(e.getKey()) == e.getValue());
        return () -> wanted.forEach((user, affiliation) -> changes.apply(user, affiliation, actorNick, null));
    }

    private static Set<BareJid> parse(List<String> values) {
        Set<BareJid> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v.isBlank()) {
                continue;
            }
            try {
                out.add(Jid.parse(v.trim()).bare());
            } catch (JidFormatException e) {
                throw new StanzaException(Condition.JID_MALFORMED, "'" + v + "': " + e.getMessage());
            }
        }
        return out;
    }

    private static List<String> strings(List<BareJid> jids) {
        return jids.stream().map(BareJid::toString).toList();
    }
}
