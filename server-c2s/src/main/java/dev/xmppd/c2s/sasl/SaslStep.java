package dev.xmppd.c2s.sasl;

import static java.util.Objects.requireNonNull;

/**
 * What the server answers to one client message of a SASL exchange (RFC 6120 §6.4): {@code <challenge/>},
 * {@code <success/>} or {@code <failure/>}.
 */
public sealed interface SaslStep {

    /** RFC 6120 §6.4.3: a challenge; an empty array is sent as {@code =}. */
    record Challenge(byte[] data) implements SaslStep {
        public Challenge {
            requireNonNull(data, "data");
        }
    }

    /**
     * RFC 6120 §6.4.6: the client is authenticated.
     *
     * @param username the authenticated localpart, normalized with PRECIS UsernameCaseMapped (RFC 8265 §3.3)
     * @param additionalData additional data with success (e.g. SCRAM's {@code v=}), or {@code null}
     */
    record Success(String username, byte[] additionalData) implements SaslStep {
        public Success {
            requireNonNull(username, "username");
        }
    }

    /**
     * RFC 6120 §6.4.5: the exchange failed.
     *
     * @param text a human-readable explanation for {@code <text/>}, or {@code null}
     * @param guessed whether a credential was tried: a wrong password or unknown user counts against the limits on
     *     failed authentications, a negotiation failure before any proof (e.g. an unsupported channel-binding type,
     *     which clients answer by trying the next mechanism, RFC 6120 §6.4.5) does not
     */
    record Failure(SaslFailure condition, String text, boolean guessed) implements SaslStep {
        public Failure {
            requireNonNull(condition, "condition");
        }

        /** A failure counted as a guess: the safe default. */
        public Failure(SaslFailure condition, String text) {
            this(condition, text, true);
        }
    }
}
