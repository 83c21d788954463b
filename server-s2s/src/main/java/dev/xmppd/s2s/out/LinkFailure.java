package dev.xmppd.s2s.out;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.stanza.Condition;

/**
 * Why an outbound link could not be set up, as the operator reads it: the step and the reason
 * ("failed at dns: NXDOMAIN"), and the stanza error its queued stanzas bounce with (RFC 6120 §8.3.3.15-16).
 *
 * @param step where it failed
 * @param reason what happened, naming the peer's answer where there is one
 */
record LinkFailure(Step step, String reason) {

    /** The steps of setting up a link, in order; the names appear in log lines. */
    enum Step {
        DNS("dns"), CONNECT("connect"), TLS("tls"), STREAM("stream"), SASL("sasl"), DIALBACK("dialback"),
        TIMEOUT("timeout"), SHUTDOWN("shutdown");

        private final String label;

        Step(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    LinkFailure {
        requireNonNull(step, "step");
        requireNonNull(reason, "reason");
    }

    /**
     * {@code remote-server-timeout} when the connect timeout elapsed, {@code remote-server-not-found} for every other
     * failure: the domain could not be resolved, reached or authenticated with.
     */
    Condition condition() {
        return step == Step.TIMEOUT ? Condition.REMOTE_SERVER_TIMEOUT : Condition.REMOTE_SERVER_NOT_FOUND;
    }

    /** For a bounce's {@code <text/>} and the log: {@code failed at tls: handshake failed}. */
    String describe() {
        return "failed at " + step + ": " + reason;
    }
}
