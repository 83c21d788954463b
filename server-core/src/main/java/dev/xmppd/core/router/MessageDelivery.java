package dev.xmppd.core.router;

import static dev.xmppd.core.router.StanzaRouter.DONE;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
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

/**
 * The server rules for messages (RFC 6121 §8.5): to a full JID, to a bare JID (the highest non-negative priority
 * wins), to an account with no available resource, to no account at all. Modules see each message first, by phase.
 */
final class MessageDelivery {
    private final StanzaRouter router;
    private final SessionRegistry sessions;

    MessageDelivery(StanzaRouter router, SessionRegistry sessions) {
        this.router = router;
        this.sessions = sessions;
    }

    CompletionStage<Void> route(Message m) {
        if (router.preRoute(m)) {
            return DONE;
        }
        // RFC 6120 §10.3.1: a message without 'to' is for the sender's own bare JID.
        Jid to = m.to() != null ? m.to() : m.from().bare();
        if (!router.isLocal(to.domain())) {
            router.deliverRemote(m);
            return DONE;
        }
        HostRoutes host = router.routes(to.domain());
        if (router.handled(host.messageHandlers(Phase.FILTER), m)
                || router.handled(host.messageHandlers(Phase.DELIVER), m)) {
            return DONE;
        }
        if (to.local() == null) {
            // To the server itself, and no module took it.
            router.bounce(m, StanzaError.of(Condition.SERVICE_UNAVAILABLE));
            return DONE;
        }
        if (to instanceof FullJid full) {
            Session s = sessions.get(full);
            if (s != null) {
                s.deliver(m); // RFC 6121 §8.5.3.1
                return DONE;
            }
            // RFC 6121 §8.5.3.2.1: no such resource.
            switch (m.type()) {
                case GROUPCHAT -> router.bounce(m, StanzaError.of(Condition.SERVICE_UNAVAILABLE));
                case HEADLINE, ERROR -> { }
                default -> {
                    return toBare(m, full.bare(), host);
                }
            }
            return DONE;
        }
        return toBare(m, (BareJid) to, host);
    }

    private CompletionStage<Void> toBare(Message m, BareJid to, HostRoutes host) {
        List<Session> targets = available(to);
        if (!targets.isEmpty()) {
            // RFC 6121 §8.5.2.1.1
            switch (m.type()) {
                case NORMAL, CHAT -> highestPriority(targets).forEach(s -> s.deliver(m));
                case HEADLINE -> targets.forEach(s -> s.deliver(m));
                case GROUPCHAT -> router.bounce(m, StanzaError.of(Condition.SERVICE_UNAVAILABLE));
                case ERROR -> { }
            }
            return DONE;
        }
        return router.accountExists(to).thenAccept(exists -> {
            if (!exists) {
                router.bounce(m, StanzaError.of(Condition.SERVICE_UNAVAILABLE)); // RFC 6121 §8.5.1
            } else if (!router.handled(host.messageHandlers(Phase.FALLBACK), m)) {
                unavailable(m);
            }
        });
    }

    /** RFC 6121 §8.5.2.2.1: an account without available resources, and no offline storage took the message. */
    private void unavailable(Message m) {
        if (m.type() == MessageType.NORMAL || m.type() == MessageType.CHAT
                || m.type() == MessageType.GROUPCHAT) {
            router.bounce(m, StanzaError.of(Condition.SERVICE_UNAVAILABLE));
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
