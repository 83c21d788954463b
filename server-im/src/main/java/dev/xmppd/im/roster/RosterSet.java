package dev.xmppd.im.roster;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A checked roster set (RFC 6121 §2.3, §2.4, §2.5): one item to add or update, or to remove.
 *
 * <pre>
 * C: &lt;iq type='set' id='ph1xaz53'&gt;&lt;query xmlns='jabber:iq:roster'&gt;
 *      &lt;item jid='nurse@example.com' name='Nurse'&gt;&lt;group&gt;Servants&lt;/group&gt;&lt;/item&gt;
 *    &lt;/query&gt;&lt;/iq&gt;
 * </pre>
 *
 * @param jid the contact
 * @param remove {@code subscription='remove'}
 * @param name the name, or {@code null}
 * @param groups the groups, without duplicates
 */
record RosterSet(BareJid jid, boolean remove, String name, List<String> groups) {
    /** The longest name and group name we keep, in characters (RFC 6121 §2.3.3: a server-configured limit). */
    static final int MAX_TEXT = 1023;
    /** The most groups one item may be in. */
    static final int MAX_GROUPS = 100;

    /**
     * Checks the query of a roster set from {@code owner}.
     *
     * @throws StanzaException with the condition RFC 6121 §2.3.3 names for each error
     */
    static RosterSet parse(XmlElement query, BareJid owner) {
        List<XmlElement> items = query.elements().stream()
                .filter(e -> e.is(RosterItem.NAMESPACE, "item")).toList();
        if (items.size() != 1) {
            // RFC 6121 §2.3.3: exactly one item per roster set.
            throw new StanzaException(Condition.BAD_REQUEST, "items: " + items.size() + " (expected: 1)");
        }
        XmlElement item = items.get(0);
        BareJid jid = contact(item.attribute("jid"), owner);
        if ("remove".equals(item.attribute("subscription"))) {
            return new RosterSet(jid, true, null, List.of());
        }
        // RFC 6121 §2.1.2.5: other subscription values, and 'ask', are the server's to set; ignored.
        String name = item.attribute("name");
        if (name != null && name.length() > MAX_TEXT) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "name: " + name.length()
                    + " characters (expected: <= " + MAX_TEXT + ")");
        }
        return new RosterSet(jid, false, name == null || name.isEmpty() ? null : name, groups(item));
    }

    private static BareJid contact(String value, BareJid owner) {
        if (value == null) {
            throw new StanzaException(Condition.BAD_REQUEST, "item without 'jid'");
        }
        Jid jid;
        try {
            jid = Jid.parse(value);
        } catch (JidFormatException e) {
            throw new StanzaException(Condition.JID_MALFORMED, "jid: " + e.getMessage());
        }
        if (!(jid instanceof BareJid bare)) {
            throw new StanzaException(Condition.BAD_REQUEST, "jid: " + value + " (expected: a bare JID)");
        }
        if (bare.equals(owner)) {
            throw new StanzaException(Condition.NOT_ALLOWED, "jid: " + value + " (expected: someone else)");
        }
        if (bare.toString().length() > KeyValueStore.MAX_KEY_LENGTH) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "jid: " + bare.toString().length()
                    + " characters (expected: <= " + KeyValueStore.MAX_KEY_LENGTH + ")");
        }
        return bare;
    }

    private static List<String> groups(XmlElement item) {
        List<String> groups = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (XmlElement g : item.elements()) {
            if (!g.is(RosterItem.NAMESPACE, "group")) {
                continue;
            }
            String text = g.text();
            if (text.isEmpty()) {
                // RFC 6121 §2.3.3: a group of zero length.
                throw new StanzaException(Condition.NOT_ACCEPTABLE, "group: empty (expected: a name)");
            }
            if (text.length() > MAX_TEXT) {
                throw new StanzaException(Condition.NOT_ACCEPTABLE, "group: " + text.length()
                        + " characters (expected: <= " + MAX_TEXT + ")");
            }
            if (!seen.add(text)) {
                // RFC 6121 §2.3.3: duplicate groups.
                throw new StanzaException(Condition.BAD_REQUEST, "group: '" + text + "' twice (expected: once)");
            }
            groups.add(text);
        }
        if (groups.size() > MAX_GROUPS) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "groups: " + groups.size()
                    + " (expected: <= " + MAX_GROUPS + ")");
        }
        return groups;
    }
}
