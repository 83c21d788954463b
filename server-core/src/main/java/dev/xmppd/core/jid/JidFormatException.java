package dev.xmppd.core.jid;

/** An address that is not valid under RFC 7622; answered with {@code jid-malformed}. */
public final class JidFormatException extends IllegalArgumentException {
    public JidFormatException(String message) {
        super(message);
    }
}
