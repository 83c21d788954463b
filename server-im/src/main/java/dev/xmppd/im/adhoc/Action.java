package dev.xmppd.im.adhoc;

import java.util.Locale;

/** The {@code action} of a command request (XEP-0050 §6.1); {@link #EXECUTE} when the request names none. */
public enum Action {
    EXECUTE, CANCEL, PREV, NEXT, COMPLETE;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The action an attribute names; {@link #EXECUTE} for {@code null}.
     *
     * @throws CommandException {@code malformed-action} for any other value
     */
    public static Action of(String value) {
        if (value == null) {
            return EXECUTE;
        }
        for (Action a : values()) {
            if (a.value().equals(value)) {
                return a;
            }
        }
        throw CommandException.malformedAction(value);
    }
}
