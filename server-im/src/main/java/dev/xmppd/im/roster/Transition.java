package dev.xmppd.im.roster;

import static java.util.Objects.requireNonNull;

/**
 * What one subscription stanza did to the state of one contact (RFC 6121 Appendix A).
 *
 * @param before the state before the stanza
 * @param after the state after it
 * @param forward outbound: route the stanza to the contact; inbound: deliver it to the user's available resources
 * @param autoReply inbound {@code subscribe} only: the server answers {@code subscribed} on the user's behalf
 *        (the contact is already subscribed, or was pre-approved, RFC 6121 §3.1.3, §3.4)
 */
public record Transition(SubscriptionState before, SubscriptionState after, boolean forward, boolean autoReply) {

    public Transition {
        requireNonNull(before, "before");
        requireNonNull(after, "after");
    }

    public boolean changed() {
        return !before.equals(after);
    }

    /** True if the contact was subscribed to the user's presence before and is not any more. */
    public boolean lostFrom() {
        return before.from() && !after.from();
    }

    /** True if the contact became subscribed to the user's presence. */
    public boolean gainedFrom() {
        return !before.from() && after.from();
    }
}
