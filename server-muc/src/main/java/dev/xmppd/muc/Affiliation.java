package dev.xmppd.muc;

import java.util.Locale;

/** A user's long-lived standing in a room (XEP-0045 §5.2), ranked from outcast to owner. */
public enum Affiliation {
    OUTCAST, NONE, MEMBER, ADMIN, OWNER;

    private final String value = name().toLowerCase(Locale.ROOT);

    public String value() {
        return value;
    }

    /** True for admin and owner. */
    public boolean isPrivileged() {
        return this == ADMIN || this == OWNER;
    }

    /** True for member, admin and owner. */
    public boolean isMember() {
        return compareTo(MEMBER) >= 0;
    }

    /** The affiliation with this attribute value, or {@code null}. */
    public static Affiliation of(String value) {
        for (Affiliation a : values()) {
            if (a.value.equals(value)) {
                return a;
            }
        }
        return null;
    }
}
