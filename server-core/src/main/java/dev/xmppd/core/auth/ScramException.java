package dev.xmppd.core.auth;

import static java.util.Objects.requireNonNull;

/**
 * A failed SCRAM exchange. {@link #reason()} says which SASL condition (RFC 6120 §6.5) the caller should send; the
 * message is for logs and may be sent as {@code <text/>}: it never says whether the account exists.
 */
public final class ScramException extends Exception {

    /** The SASL condition a failure maps to. */
    public enum Reason {
        /** RFC 6120 §6.5.8 {@code malformed-request}: the message breaks the RFC 5802 §7 grammar. */
        MALFORMED_REQUEST,
        /** RFC 6120 §6.5.10 {@code not-authorized}: wrong proof, unknown user, or channel binding mismatch. */
        NOT_AUTHORIZED
    }

    private final Reason reason;

    public ScramException(Reason reason, String message) {
        super(requireNonNull(message, "message"), null, false, false);
        this.reason = requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
