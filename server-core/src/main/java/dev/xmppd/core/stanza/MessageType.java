package dev.xmppd.core.stanza;

import java.util.Locale;

/** Message types (RFC 6121 §5.2.2). An absent or unknown type is {@link #NORMAL}. */
public enum MessageType {
    NORMAL, CHAT, GROUPCHAT, HEADLINE, ERROR;

    private final String value = name().toLowerCase(Locale.ROOT);

    public String value() {
        return value;
    }

    public static MessageType of(String value) {
        if (value == null) {
            return NORMAL;
        }
        return switch (value) {
            case "chat" -> CHAT;
            case "groupchat" -> GROUPCHAT;
            case "headline" -> HEADLINE;
            case "error" -> ERROR;
            default -> NORMAL;
        };
    }
}
