package dev.xmppd.core.stanza;

import java.util.Locale;

/** IQ types (RFC 6120 §8.2.3). */
public enum IqType {
    GET, SET, RESULT, ERROR;

    private final String value = name().toLowerCase(Locale.ROOT);

    public String value() {
        return value;
    }

    public boolean isRequest() {
        return this == GET || this == SET;
    }

    /** @throws StanzaException {@code bad-request} for a missing or unknown type */
    public static IqType of(String value) {
        if (value != null) {
            switch (value) {
                case "get": return GET;
                case "set": return SET;
                case "result": return RESULT;
                case "error": return ERROR;
                default: break;
            }
        }
        throw new StanzaException(Condition.BAD_REQUEST, "iq type '" + value + "' (expected: get, set, result, error)");
    }
}
