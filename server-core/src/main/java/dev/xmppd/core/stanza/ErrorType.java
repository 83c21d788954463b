package dev.xmppd.core.stanza;

import java.util.Locale;

/** The {@code type} of a stanza error (RFC 6120 §8.3.2). */
public enum ErrorType {
    AUTH, CANCEL, CONTINUE, MODIFY, WAIT;

    private final String value = name().toLowerCase(Locale.ROOT);

    public String value() {
        return value;
    }
}
