package dev.xmppd.im.mam;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A user's archiving preferences (XEP-0441 §3, the {@code <prefs/>} of {@code urn:xmpp:mam:2}): a default and JIDs
 * whose messages are always or never archived; {@code never} wins over {@code always}.
 *
 * <pre>
 * &lt;prefs xmlns='urn:xmpp:mam:2' default='always'&gt;
 *   &lt;always/&gt;
 *   &lt;never&gt;&lt;jid&gt;montague@montague.lit&lt;/jid&gt;&lt;/never&gt;
 * &lt;/prefs&gt;
 * </pre>
 *
 * @param always bare JIDs, kept in the order given
 * @param never bare JIDs, kept in the order given
 */
record MamPrefs(Default defaultMode, Set<BareJid> always, Set<BareJid> never) {

    /** What happens to messages with JIDs on neither list. */
    enum Default {
        ALWAYS, NEVER, ROSTER;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a user who never set preferences gets: everything is archived. */
    static final MamPrefs DEFAULT = new MamPrefs(Default.ALWAYS, Set.of(), Set.of());

    MamPrefs {
        requireNonNull(defaultMode, "defaultMode");
        always = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(always));
        never = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(never));
    }

    /** What the preferences say about one message, before any roster is read. */
    enum Decision {
        ARCHIVE, SKIP,
        /** The default is {@code roster} and the party is in neither list: archived if it is a contact. */
        IF_CONTACT
    }

    /**
     * Whether a message with this party is archived (XEP-0441 §3: the lists first, {@code never} winning, then the
     * default).
     *
     * @param with the other party, or {@code null} (e.g. a message from the server)
     */
    Decision decide(BareJid with) {
        if (with != null && never.contains(with)) {
            return Decision.SKIP;
        }
        if (with != null && always.contains(with)) {
            return Decision.ARCHIVE;
        }
        return switch (defaultMode) {
            case ALWAYS -> Decision.ARCHIVE;
            case NEVER -> Decision.SKIP;
            case ROSTER -> with == null ? Decision.SKIP : Decision.IF_CONTACT;
        };
    }

    XmlElement toElement() {
        return XmlElement.builder(MamModule.NAMESPACE, "prefs").attribute("default", defaultMode.value())
                .child(list("always", always)).child(list("never", never)).build();
    }

    /**
     * Reads {@code <prefs/>} as a client sends it (or as stored).
     *
     * @throws StanzaException {@code bad-request} for an unknown default or a malformed JID
     */
    static MamPrefs parse(XmlElement prefs) {
        String mode = prefs.attribute("default");
        Default d;
        try {
            d = mode == null ? null : Default.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            d = null;
        }
        if (d == null || !mode.equals(d.value())) {
            throw new StanzaException(Condition.BAD_REQUEST, "default: '" + mode + "' (expected: always, never or roster)");
        }
        return new MamPrefs(d, jids(prefs.element(MamModule.NAMESPACE, "always")),
                jids(prefs.element(MamModule.NAMESPACE, "never")));
    }

    private static Set<BareJid> jids(XmlElement list) {
        Set<BareJid> out = new LinkedHashSet<>();
        if (list == null) {
            return out;
        }
        for (XmlElement jid : list.elements()) {
            if (jid.is(MamModule.NAMESPACE, "jid")) {
                try {
                    out.add(BareJid.parse(jid.text().strip()));
                } catch (JidFormatException e) {
                    throw new StanzaException(Condition.BAD_REQUEST, "jid: '" + jid.text() + "' is not a bare JID");
                }
            }
        }
        return out;
    }

    private static XmlElement list(String name, Set<BareJid> jids) {
        XmlElement.Builder b = XmlElement.builder(MamModule.NAMESPACE, name);
        jids.forEach(j -> b.child(XmlElement.builder(MamModule.NAMESPACE, "jid").text(j.toString()).build()));
        return b.build();
    }
}
