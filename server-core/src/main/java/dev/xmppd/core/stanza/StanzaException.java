package dev.xmppd.core.stanza;

import static java.util.Objects.requireNonNull;

/**
 * Thrown by a handler to answer with a stanza error; the router turns it into the error reply. It carries no
 * stack trace: it is an answer, not a fault.
 */
public final class StanzaException extends RuntimeException {
    private final StanzaError error;

    public StanzaException(StanzaError error) {
        super(error.condition().elementName() + (error.text() == null ? "" : ": " + error.text()), null, false,
                false);
        this.error = requireNonNull(error, "error");
    }

    public StanzaException(Condition condition) {
        this(StanzaError.of(condition));
    }

    public StanzaException(Condition condition, String text) {
        this(StanzaError.of(condition, text));
    }

    public StanzaError error() {
        return error;
    }
}
