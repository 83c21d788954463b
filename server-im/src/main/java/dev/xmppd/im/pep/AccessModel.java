package dev.xmppd.im.pep;

import java.util.Locale;

/**
 * Who may retrieve a node's items and receive its notifications besides the owner (XEP-0060 §4.5). PEP nodes
 * default to {@link #PRESENCE} (XEP-0163 §4.2); {@code authorize} is not offered.
 */
public enum AccessModel {
    /** Anyone, e.g. OMEMO device lists and bundles (XEP-0384 §5.3.1) and avatars. */
    OPEN,
    /** Contacts subscribed to the owner's presence (roster subscription {@code from} or {@code both}). */
    PRESENCE,
    /** Contacts in one of the roster groups listed in {@code pubsub#roster_groups_allowed}. */
    ROSTER,
    /** Only the owner (affiliations are not managed, so the whitelist holds the owner alone), e.g. bookmarks. */
    WHITELIST;

    /** The name in {@code pubsub#access_model}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The model with this form value, or null. */
    public static AccessModel of(String value) {
        for (AccessModel m : values()) {
            if (m.value().equals(value)) {
                return m;
            }
        }
        return null;
    }
}
