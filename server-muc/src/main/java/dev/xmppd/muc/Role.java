package dev.xmppd.muc;

import java.util.Locale;

/** An occupant's standing while in a room (XEP-0045 §5.1), ranked from none to moderator. */
public enum Role {
    NONE, VISITOR, PARTICIPANT, MODERATOR;

    private final String value = name().toLowerCase(Locale.ROOT);

    public String value() {
        return value;
    }

    /** True if the occupant may send messages to all occupants (XEP-0045 §5.1.1: voice). */
    public boolean hasVoice() {
        return this == PARTICIPANT || this == MODERATOR;
    }

    /** The role with this attribute value, or {@code null}. */
    public static Role of(String value) {
        for (Role r : values()) {
            if (r.value.equals(value)) {
                return r;
            }
        }
        return null;
    }

    /** The role an occupant with this affiliation gets on entering (XEP-0045 §5.1.2). */
    public static Role defaultFor(Affiliation affiliation, boolean moderated) {
        return switch (affiliation) {
            case OWNER, ADMIN -> MODERATOR;
            case MEMBER -> PARTICIPANT;
            case NONE -> moderated ? VISITOR : PARTICIPANT;
            case OUTCAST -> NONE;
        };
    }
}
