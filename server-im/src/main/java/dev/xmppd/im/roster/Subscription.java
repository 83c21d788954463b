package dev.xmppd.im.roster;

import java.util.Locale;

/** The {@code subscription} attribute of a roster item (RFC 6121 §2.1.2.5). */
public enum Subscription {
    NONE, TO, FROM, BOTH;

    private final String value = name().toLowerCase(Locale.ROOT);

    /** The attribute value: {@code none}, {@code to}, {@code from} or {@code both}. */
    public String value() {
        return value;
    }

    /** The subscription of a contact whose presence the user does ({@code to}) and who sees the user's ({@code from}). */
    public static Subscription of(boolean to, boolean from) {
        return to ? (from ? BOTH : TO) : (from ? FROM : NONE);
    }

    /** Reads an attribute value; unknown values and {@code null} read as {@link #NONE}. */
    public static Subscription parse(String value) {
        for (Subscription s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        return NONE;
    }

    public boolean to() {
        return this == TO || this == BOTH;
    }

    public boolean from() {
        return this == FROM || this == BOTH;
    }
}
