package dev.xmppd.im.presence;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.Verdict;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.im.roster.RosterService;
import dev.xmppd.im.roster.Transition;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Subscription stanzas (RFC 6121 §3): outbound ones a client sends, processed on the user's host before routing
 * (A.2), and inbound ones for a local account, processed on the contact's host (A.3). Each updates the roster
 * through the {@link RosterService}, which pushes the change; whether the stanza goes on depends on the transition.
 *
 * <pre>
 * C: &lt;presence to='juliet@example.com' type='subscribe'/&gt;
 * S: (push of juliet@example.com with ask='subscribe', then routes)
 *    &lt;presence from='romeo@example.net' to='juliet@example.com' type='subscribe'/&gt;
 * </pre>
 */
final class Subscriptions {
    private final ModuleContext ctx;
    private final Supplier<RosterService> rosters;
    private final ServerSends sends;

    Subscriptions(ModuleContext ctx, Supplier<RosterService> rosters, ServerSends sends) {
        this.ctx = ctx;
        this.rosters = rosters;
        this.sends = sends;
    }

    /**
     * PRE_ROUTE rewriter: takes a subscription stanza a client sent; it is routed again, with the user's bare JID
     * as {@code from} (RFC 6121 §3.1.2), once the roster is updated and only if the transition says so.
     */
    Presence outbound(Presence p) {
        if (!Presences.isSubscription(p.type()) || !(p.from() instanceof FullJid from) || sends.active()) {
            return p; // not from a client: already processed, or not ours
        }
        if (p.to() == null) {
            throw new StanzaException(Condition.BAD_REQUEST, "subscription without 'to'");
        }
        BareJid owner = from.bare();
        // RFC 6121 §3.1.2: a full JID is treated as the bare JID.
        BareJid contact = p.to().bare();
        if (contact.equals(owner)) {
            return null; // a user is always subscribed to itself
        }
        if (contact.toString().length() > KeyValueStore.MAX_KEY_LENGTH) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "to: too long for a roster item");
        }
        Presence stamped = p.withAddresses(owner, contact);
        rosters.get().outbound(owner, contact, stamped, t -> afterOutbound(stamped, t))
                .exceptionally(failure -> {
                    bounce(p, failure);
                    return null;
                });
        return null;
    }

    private void afterOutbound(Presence p, Transition t) {
        BareJid owner = p.from().bare();
        BareJid contact = p.to().bare();
        if (t.forward()) {
            sends.send(p);
        }
        if (t.gainedFrom()) {
            // RFC 6121 §3.1.5: the new subscriber gets the user's current presence.
            sendCurrentPresence(owner, contact);
        } else if (t.lostFrom()) {
            // RFC 6121 §3.2.2: a cancelled subscriber learns the user is gone.
            sendUnavailable(owner, contact);
        }
    }

    /** FILTER handler: subscription stanzas for a local account (RFC 6121 A.3). */
    Verdict inbound(Presence p) {
        if (!Presences.isSubscription(p.type()) || p.to() == null || p.to().local() == null || p.from() == null) {
            return Verdict.CONTINUE;
        }
        BareJid owner = p.to().bare();
        // RFC 6121 §3.1.3: a request from a full JID is taken as from the bare JID.
        BareJid contact = p.from().bare();
        if (owner.equals(contact) || contact.toString().length() > KeyValueStore.MAX_KEY_LENGTH) {
            return Verdict.DROP;
        }
        Presence stamped = p.withAddresses(contact, owner);
        rosters.get().inbound(owner, contact, stamped, t -> afterInbound(stamped, t))
                .exceptionally(failure -> {
                    refuse(stamped, failure);
                    return null;
                });
        return Verdict.HANDLED;
    }

    private void afterInbound(Presence p, Transition t) {
        BareJid owner = p.to().bare();
        BareJid contact = p.from().bare();
        if (t.forward()) {
            // RFC 6121 §3.1.3, §3.1.6, §3.2.3, §3.3.3: to every available resource of the user.
            for (Session s : ctx.sessions().sessions(owner)) {
                if (s.isAvailable()) {
                    s.deliver(p);
                }
            }
        }
        if (t.autoReply()) {
            sends.send(Presence.of(PresenceType.SUBSCRIBED, owner, contact));
            sendCurrentPresence(owner, contact);
        }
        if (t.lostFrom()) {
            sendUnavailable(owner, contact);
        }
    }

    /** RFC 6121 §3.1.3: a request for an account that does not exist is answered with unsubscribed. */
    private void refuse(Presence p, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof StanzaException se && se.error().condition() == Condition.SERVICE_UNAVAILABLE) {
            if (p.type() == PresenceType.SUBSCRIBE) {
                sends.send(Presence.of(PresenceType.UNSUBSCRIBED, p.to().bare(), p.from().bare()));
            }
            return;
        }
        bounce(p, failure);
    }

    private void bounce(Presence p, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        StanzaError error = cause instanceof StanzaException se ? se.error()
                : StanzaError.of(Condition.INTERNAL_SERVER_ERROR);
        sends.send(p.errorReply(error));
    }

    /** The presence of each available resource of the user, to one contact (RFC 6121 §3.1.5, §4.3.2). */
    void sendCurrentPresence(BareJid owner, dev.xmppd.core.jid.Jid to) {
        for (Session s : ctx.sessions().sessions(owner)) {
            Presence current = s.presence();
            if (current != null) {
                sends.send(current.withAddresses(s.jid(), to));
            }
        }
    }

    private void sendUnavailable(BareJid owner, BareJid contact) {
        for (Session s : ctx.sessions().sessions(owner)) {
            if (s.isAvailable()) {
                sends.send(Presence.of(PresenceType.UNAVAILABLE, s.jid(), contact));
            }
        }
    }
}
