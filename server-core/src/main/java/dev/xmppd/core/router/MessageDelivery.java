package dev.xmppd.core.router;

import static dev.xmppd.core.router.StanzaRouter.DONE;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.MessageDeliveredListener;
import dev.xmppd.core.module.Phase;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.stanza.StanzaError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server rules for messages (RFC 6121 §8.5): to a full JID, to a bare JID (the highest non-negative priority
 * wins), to an account with no available resource, to no account at all. Modules see each message first:
 * <ol>
 *   <li>PRE_ROUTE rewriters and handlers of the sender's host (when the sender is local);</li>
 *   <li>FILTER, then DELIVER rewriters and handlers of the addressee's host;</li>
 *   <li>the local-message rewriters, once the message is known to go to an existing account;</li>
 *   <li>delivery to sessions and the delivered listeners, or FALLBACK handlers (offline storage) when no resource
 *       is available.</li>
 * </ol>
 */
final class MessageDelivery {
    private static final Logger log = LoggerFactory.getLogger(MessageDelivery.class);

    private final StanzaRouter router;
    private final SessionRegistry sessions;

    MessageDelivery(StanzaRouter router, SessionRegistry sessions) {
        this.router = router;
        this.sessions = sessions;
    }

    CompletionStage<Void> route(Message message) {
        Message m = message;
        if (m.from() != null && router.isLocal(m.from().domain())) {
            HostRoutes sender = router.routes(m.from().domain());
            m = router.rewrite(sender.messageRewriters(Phase.PRE_ROUTE), m);
            if (m == null || router.handled(sender.messageHandlers(Phase.PRE_ROUTE), m)) {
                return DONE;
            }
        }
        // RFC 6120 §10.3.1: a message without 'to' is for the sender's own bare JID.
        Jid to = m.to() != null ? m.to() : m.from().bare();
        if (router.toComponent(m)) {
            return DONE;
        }
        if (!router.isLocal(to.domain())) {
            router.deliverRemote(m);
            return DONE;
        }
        HostRoutes host = router.routes(to.domain());
        for (Phase phase : new Phase[] {Phase.FILTER, Phase.DELIVER}) {
            m = router.rewrite(host.messageRewriters(phase), m);
            if (m == null || router.handled(host.messageHandlers(phase), m)) {
                return DONE;
            }
        }
        if (to.local() == null) {
            // To the server itself, and no module took it.
            router.bounce(m, StanzaError.of(Condition.SERVICE_UNAVAILABLE));
            return DONE;
        }
        if (to instanceof FullJid full) {
            return toFull(m, full, host);
        }
        return toBare(m, (BareJid) to, host);
    }

    /**
     * Delivers again a message that was delivered to a session which then ended without acknowledging it (XEP-0198
     * §5): to the addressee's other available resources by RFC 6121 §8.5.2.1.1, else to the FALLBACK handlers
     * (offline storage), else it bounces. No rewriter, handler or delivered listener runs again: modules saw the
     * message on its first delivery (the archive stored it and stamped its stanza-id, carbons copied it), and
     * running them again would archive it twice.
     */
    CompletionStage<Void> redeliver(Message m) {
        // RFC 6120 §10.3.1: a message without 'to' was for the sender's own bare JID.
        Jid addressee = m.to() != null ? m.to() : m.from();
        if (addressee == null) {
            return DONE;
        }
        BareJid to = addressee.bare();
        if (!router.isLocal(to.domain()) || to.local() == null) {
            return DONE;
        }
        HostRoutes host = router.routes(to.domain());
        List<Session> targets = available(to);
        if (!targets.isEmpty()) {
            switch (m.type()) {
                case NORMAL, CHAT -> highestPriority(targets).forEach(s -> s.deliver(m));
                case HEADLINE -> targets.forEach(s -> s.deliver(m));
                case GROUPCHAT, ERROR -> { }
            }
            return DONE;
        }
        return router.accountExists(to).thenAccept(exists -> {
            if (exists && (m.type() == MessageType.NORMAL || m.type() == MessageType.CHAT)
                    && router.handled(host.messageHandlers(Phase.FALLBACK), m)) {
                return;
            }
            if (m.type() != MessageType.HEADLINE && m.type() != MessageType.ERROR) {
                router.bounce(m, StanzaError.of(Condition.SERVICE_UNAVAILABLE));
            }
        });
    }

    private CompletionStage<Void> toFull(Message m, FullJid to, HostRoutes host) {
        Session s = sessions.get(to);
        if (s != null) {
            deliver(m, List.of(s), host); // RFC 6121 §8.5.3.1
            return DONE;
        }
        // RFC 6121 §8.5.3.2.1: no such resource.
        switch (m.type()) {
            case GROUPCHAT -> router.bounce(m, StanzaError.of(Condition.SERVICE_UNAVAILABLE));
            case HEADLINE, ERROR -> { }
            default -> {
                return toBare(m, to.bare(), host);
            }
        }
        return DONE;
    }

    private CompletionStage<Void> toBare(Message m, BareJid to, HostRoutes host) {
        List<Session> targets = available(to);
        if (!targets.isEmpty()) {
            // RFC 6121 §8.5.2.1.1
            switch (m.type()) {
                case NORMAL, CHAT -> deliver(m, highestPriority(targets), host);
                case HEADLINE -> deliver(m, targets, host);
                case GROUPCHAT -> router.bounce(m, StanzaError.of(Condition.SERVICE_UNAVAILABLE));
                case ERROR -> { }
            }
            return DONE;
        }
        return router.accountExists(to).thenAccept(exists -> {
            if (!exists) {
                router.bounce(m, StanzaError.of(Condition.SERVICE_UNAVAILABLE)); // RFC 6121 §8.5.1
            } else {
                unavailable(m, host);
            }
        });
    }

    /** RFC 6121 §8.5.2.2.1: an account without available resources. */
    private void unavailable(Message m, HostRoutes host) {
        if (m.type() == MessageType.NORMAL || m.type() == MessageType.CHAT) {
            Message local = router.rewrite(host.localMessageRewriters(), m);
            if (local != null && !router.handled(host.messageHandlers(Phase.FALLBACK), local)) {
                router.bounce(m, StanzaError.of(Condition.SERVICE_UNAVAILABLE));
            }
        } else if (m.type() == MessageType.GROUPCHAT) {
            router.bounce(m, StanzaError.of(Condition.SERVICE_UNAVAILABLE));
        }
    }

    private void deliver(Message m, List<Session> targets, HostRoutes host) {
        Message local = router.rewrite(host.localMessageRewriters(), m);
        if (local == null) {
            return;
        }
        targets.forEach(s -> s.deliver(local));
        for (MessageDeliveredListener l : host.deliveredListeners()) {
            try {
                l.delivered(local, targets);
            } catch (RuntimeException e) {
                log.error("Delivery listener {} failed on a message from {}", l, local.from(), e);
            }
        }
    }

    /** The available resources with non-negative priority (RFC 6121 §8.5.2.1). */
    private List<Session> available(BareJid account) {
        List<Session> all = sessions.sessions(account);
        List<Session> out = new ArrayList<>(all.size());
        for (Session s : all) {
            if (s.isAvailable() && s.priority() >= 0) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<Session> highestPriority(List<Session> candidates) {
        int max = Integer.MIN_VALUE;
        for (Session s : candidates) {
            max = Math.max(max, s.priority());
        }
        List<Session> out = new ArrayList<>(candidates.size());
        for (Session s : candidates) {
            if (s.priority() == max) {
                out.add(s);
            }
        }
        return out;
    }
}
