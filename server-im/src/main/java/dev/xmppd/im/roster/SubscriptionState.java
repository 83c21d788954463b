package dev.xmppd.im.roster;

import dev.xmppd.core.stanza.PresenceType;

/**
 * The subscription state of one contact in a user's roster, as RFC 6121 Appendix A defines it, plus the
 * pre-approval flag of §3.4. Immutable; the transitions of Appendix A.2 (outbound) and A.3 (inbound) are pure
 * functions of the state and the presence type.
 *
 * @param to the user is subscribed to the contact's presence
 * @param from the contact is subscribed to the user's presence
 * @param pendingOut the user asked for the contact's presence and has no answer yet ({@code ask='subscribe'})
 * @param pendingIn the contact asked for the user's presence and has no answer yet (kept by the server, never shown)
 * @param approved the user pre-approved a request from the contact ({@code approved='true'}, §3.4)
 */
public record SubscriptionState(boolean to, boolean from, boolean pendingOut, boolean pendingIn, boolean approved) {
    public static final SubscriptionState NONE = new SubscriptionState(false, false, false, false, false);

    public SubscriptionState {
        if (pendingOut && to) {
            throw new IllegalArgumentException("pendingOut: true (expected: false when subscribed to)");
        }
        if (pendingIn && from) {
            throw new IllegalArgumentException("pendingIn: true (expected: false when subscribed from)");
        }
        if (approved && (from || pendingIn)) {
            throw new IllegalArgumentException("approved: true (expected: false with from or pending in)");
        }
    }

    public Subscription subscription() {
        return Subscription.of(to, from);
    }

    /**
     * The user's server processes a subscription stanza the user sends to this contact (RFC 6121 A.2, §3.1.2, §3.2.2,
     * §3.3.2, §3.4). {@link Transition#forward()} says whether to route it on.
     */
    public Transition outbound(PresenceType type) {
        return switch (type) {
            // A.2.1: always routed, so that a user may repeat a request the contact's server lost.
            case SUBSCRIBE -> new Transition(this, to ? this : with(to, from, true, pendingIn, approved), true, false);
            // A.2.2: always routed.
            case UNSUBSCRIBE -> new Transition(this, with(false, from, false, pendingIn, approved), true, false);
            case SUBSCRIBED -> outboundSubscribed();
            case UNSUBSCRIBED -> outboundUnsubscribed();
            default -> throw new IllegalArgumentException("type: " + type + " (expected: a subscription type)");
        };
    }

    /**
     * The contact's server processes a subscription stanza that arrives for its user from this contact (RFC 6121 A.3,
     * §3.1.3, §3.1.6, §3.2.3, §3.3.3). {@link Transition#forward()} says whether to deliver it to the user.
     */
    public Transition inbound(PresenceType type) {
        return switch (type) {
            case SUBSCRIBE -> inboundSubscribe();
            // A.3.2
            case UNSUBSCRIBE -> from || pendingIn
                    ? new Transition(this, with(to, false, pendingOut, false, false), true, false)
                    : unchanged();
            // A.3.3: only an answer to a pending request counts.
            case SUBSCRIBED -> pendingOut
                    ? new Transition(this, with(true, from, false, pendingIn, approved), true, false)
                    : unchanged();
            // A.3.4
            case UNSUBSCRIBED -> to || pendingOut
                    ? new Transition(this, with(false, from, false, pendingIn, approved), true, false)
                    : unchanged();
            default -> throw new IllegalArgumentException("type: " + type + " (expected: a subscription type)");
        };
    }

    private Transition outboundSubscribed() {
        if (pendingIn) {
            // A.2.3: approving a pending request.
            return new Transition(this, with(to, true, pendingOut, false, false), true, false);
        }
        if (!from) {
            // RFC 6121 §3.4: no request yet, so this pre-approves one; not routed.
            return new Transition(this, with(to, false, pendingOut, false, true), false, false);
        }
        return unchanged();
    }

    private Transition outboundUnsubscribed() {
        if (from || pendingIn) {
            // A.2.4: cancelling or denying the contact's subscription.
            return new Transition(this, with(to, false, pendingOut, false, false), true, false);
        }
        // RFC 6121 §3.4: cancels a pre-approval, if any; nothing to tell the contact.
        return new Transition(this, with(to, false, pendingOut, false, false), false, false);
    }

    private Transition inboundSubscribe() {
        if (from) {
            // RFC 6121 §3.1.3: already subscribed, the server answers for the user.
            return new Transition(this, this, false, true);
        }
        if (approved) {
            // RFC 6121 §3.4: pre-approved, the subscription is granted at once.
            return new Transition(this, with(to, true, pendingOut, false, false), false, true);
        }
        // A.3.1: delivered, again if it was already pending (the user may have lost it).
        return new Transition(this, with(to, false, pendingOut, true, false), true, false);
    }

    private Transition unchanged() {
        return new Transition(this, this, false, false);
    }

    private static SubscriptionState with(boolean to, boolean from, boolean pendingOut, boolean pendingIn,
            boolean approved) {
        return new SubscriptionState(to, from, pendingOut, pendingIn, approved);
    }

    /** The name Appendix A gives this state, e.g. {@code None + Pending Out/In}, plus {@code + Pre-Approved}. */
    @Override
    public String toString() {
        String base = switch (subscription()) {
            case NONE -> pendingOut && pendingIn ? "None + Pending Out/In"
                    : pendingOut ? "None + Pending Out" : pendingIn ? "None + Pending In" : "None";
            case TO -> pendingIn ? "To + Pending In" : "To";
            case FROM -> pendingOut ? "From + Pending Out" : "From";
            case BOTH -> "Both";
        };
        return approved ? base + " + Pre-Approved" : base;
    }

    /** Reads a name written by {@link #toString()}. */
    public static SubscriptionState parse(String name) {
        boolean approved = name.endsWith(" + Pre-Approved");
        String base = approved ? name.substring(0, name.length() - " + Pre-Approved".length()) : name;
        return switch (base) {
            case "None" -> with(false, false, false, false, approved);
            case "None + Pending Out" -> with(false, false, true, false, approved);
            case "None + Pending In" -> with(false, false, false, true, approved);
            case "None + Pending Out/In" -> with(false, false, true, true, approved);
            case "To" -> with(true, false, false, false, approved);
            case "To + Pending In" -> with(true, false, false, true, approved);
            case "From" -> with(false, true, false, false, approved);
            case "From + Pending Out" -> with(false, true, true, false, approved);
            case "Both" -> with(true, true, false, false, approved);
            default -> throw new IllegalArgumentException("name: '" + name + "' (expected: a state of RFC 6121 A.1)");
        };
    }
}
