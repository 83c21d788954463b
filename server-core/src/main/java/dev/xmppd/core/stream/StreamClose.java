package dev.xmppd.core.stream;

/** The closing {@code </stream:stream>} tag. */
public enum StreamClose {
    INSTANCE;

    public static final String XML = "</stream:stream>";
}
