package dev.xmppd.core.stanza;

import java.util.Locale;

/** Presence types (RFC 6121 §4.7.1); {@link #AVAILABLE} is the absent attribute. */
public enum PresenceType {
    AVAILABLE, UNAVAILABLE, SUBSCRIBE, SUBSCRIBED, UNSUBSCRIBE, UNSUBSCRIBED, PROBE, ERROR;

    private final String value = name().toLowerCase(Locale.ROOT);

    /** The attribute value, or {@code null} for available. */
    public String value() {
        return this == AVAILABLE ? null : value;
    }

    /** @throws StanzaException {@code bad-request} for an unknown type */
    public static PresenceType of(String value) {
        if (value == null) {
            return AVAILABLE;
        }
        for (PresenceType t : values()) {
            if (t != AVAILABLE && t.value.equals(value)) {
                return t;
            }
        }
        throw new StanzaException(Condition.BAD_REQUEST, "unknown presence type '" + value + "'");
    }
}
