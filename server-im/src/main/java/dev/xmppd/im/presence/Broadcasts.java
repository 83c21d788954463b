package dev.xmppd.im.presence;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.Verdict;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.roster.RosterService;
import dev.xmppd.im.roster.RosterView;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence a user's sessions broadcast (RFC 6121 §4.2, §4.4, §4.5), directed presence (§4.6) and probes (§4.3).
 *
 * <pre>
 * C: &lt;presence&gt;&lt;show&gt;away&lt;/show&gt;&lt;/presence&gt;
 * S: (to each contact with subscription from/both, and to each available resource of the user)
 *    &lt;presence from='juliet@example.com/balcony' to='romeo@example.net'&gt;&lt;show&gt;away&lt;/show&gt;&lt;/presence&gt;
 * S: (initial presence only: a probe to each contact with subscription to/both)
 *    &lt;presence from='juliet@example.com' to='romeo@example.net' type='probe'/&gt;
 * </pre>
 */
final class Broadcasts {
    private static final Logger log = LoggerFactory.getLogger(Broadcasts.class);

    private final ModuleContext ctx;
    private final Supplier<RosterService> rosters;
    private final ServerSends sends;
    private final ConcurrentHashMap<FullJid, Tracked> tracked = new ConcurrentHashMap<>();

    /** What the server remembers about one session's presence; touched on that session's event loop. */
    private static final class Tracked {
        final Session session;
        final Set<Jid> directed = ConcurrentHashMap.newKeySet();
        volatile boolean available;

        Tracked(Session session) {
            this.session = session;
        }
    }

    Broadcasts(ModuleContext ctx, Supplier<RosterService> rosters, ServerSends sends) {
        this.ctx = ctx;
        this.rosters = rosters;
        this.sends = sends;
    }

    /** PRE_ROUTE handler: available and unavailable presence a client sends, broadcast or directed. */
    Verdict fromClient(Presence p) {
        if (sends.active() || !(p.from() instanceof FullJid from)
                || p.type() != PresenceType.AVAILABLE && p.type() != PresenceType.UNAVAILABLE) {
            return Verdict.CONTINUE;
        }
        Session session = ctx.sessions().get(from);
        if (session == null) {
            return Verdict.CONTINUE;
        }
        Tracked t = tracked(session);
        if (p.to() != null) {
            directed(t, p);
        } else if (p.type() == PresenceType.AVAILABLE) {
            boolean initial = !t.available;
            t.available = true;
            broadcastAvailable(session, p, initial);
        } else {
            boolean wasAvailable = t.available;
            t.available = false;
            broadcastUnavailable(session, p, wasAvailable, drain(t));
        }
        return Verdict.CONTINUE; // later phases may look; the router delivers nothing more for it
    }

    /** A session ended, cleanly or not: its contacts and directed recipients see it go (RFC 6121 §4.5.2). */
    void sessionClosed(Session session) {
        Tracked t = tracked.get(session.jid());
        Set<Jid> directed = Set.of();
        if (t != null && t.session == session) {
            tracked.remove(session.jid(), t);
            directed = drain(t);
        }
        boolean wasAvailable = session.presence() != null;
        broadcastUnavailable(session, Presence.of(PresenceType.UNAVAILABLE, session.jid(), null), wasAvailable,
                directed);
    }

    /** A new session for a JID: what was tracked for a session it replaced is dropped. */
    void sessionBound(Session session) {
        Tracked t = tracked.get(session.jid());
        if (t != null && t.session != session) {
            tracked.remove(session.jid(), t);
        }
    }

    /** FILTER handler: a probe for a local account (RFC 6121 §4.3.2). */
    Verdict probe(Presence p) {
        if (p.type() != PresenceType.PROBE || p.to() == null || p.to().local() == null || p.from() == null) {
            return Verdict.CONTINUE;
        }
        BareJid owner = p.to().bare();
        BareJid prober = p.from().bare();
        if (owner.equals(prober)) {
            return Verdict.DROP;
        }
        rosters.get().read(owner, view -> answerProbe(view, p.from(), prober)).exceptionally(failure -> {
            log.warn("Probe of {} by {} failed", owner, p.from(), failure);
            return null;
        });
        return Verdict.HANDLED;
    }

    private void answerProbe(RosterView view, Jid from, BareJid prober) {
        boolean subscribed = view.item(prober).map(i -> i.state().from()).orElse(false);
        if (!view.accountExists() || !subscribed) {
            // RFC 6121 §4.3.2: no presence for those not subscribed, and unsubscribed so their roster catches up.
            sends.send(Presence.of(PresenceType.UNSUBSCRIBED, view.owner(), prober));
            return;
        }
        // RFC 6121 §4.3.2: the last presence of each available resource; nothing if there is none.
        for (Session s : ctx.sessions().sessions(view.owner())) {
            Presence current = s.presence();
            if (current != null) {
                sends.send(current.withAddresses(s.jid(), from));
            }
        }
    }

    /** RFC 6121 §4.6: remember who got directed presence, so they learn when the session goes. */
    private static void directed(Tracked t, Presence p) {
        if (p.to().bare().equals(t.session.jid().bare())) {
            return; // to the user's own resources
        }
        if (p.type() == PresenceType.AVAILABLE) {
            t.directed.add(p.to());
        } else {
            t.directed.remove(p.to()); // §4.6.3: directed unavailable ends it
        }
    }

    private void broadcastAvailable(Session session, Presence p, boolean initial) {
        BareJid owner = session.jid().bare();
        rosters.get().read(owner, view -> {
            // RFC 6121 §4.2.2, §4.4.2: to subscribers, and to all of the user's available resources.
            for (BareJid contact : view.subscribers()) {
                sends.send(p.withAddresses(session.jid(), contact));
            }
            for (Session own : ctx.sessions().sessions(owner)) {
                if (own.isAvailable()) {
                    own.deliver(p.withAddresses(session.jid(), own.jid()));
                }
            }
            if (initial) {
                initialPresence(session, view);
            }
        }).exceptionally(failure -> {
            log.warn("Presence broadcast of {} failed", session.jid(), failure);
            return null;
        });
    }

    /** RFC 6121 §4.2.2, §3.1.3: probes, the other resources' presence, and requests that waited. */
    private void initialPresence(Session session, RosterView view) {
        BareJid owner = session.jid().bare();
        for (BareJid contact : view.subscriptions()) {
            sends.send(Presence.of(PresenceType.PROBE, owner, contact));
        }
        for (Session other : ctx.sessions().sessions(owner)) {
            Presence current = other.presence();
            if (other != session && current != null) {
                session.deliver(current.withAddresses(other.jid(), session.jid()));
            }
        }
        for (XmlElement request : view.pendingRequests()) {
            Stanza r = Stanza.parse(request);
            session.deliver(r.withAddresses(r.from().bare(), owner));
        }
    }

    private void broadcastUnavailable(Session session, Presence p, boolean wasAvailable, Set<Jid> directed) {
        if (!wasAvailable && directed.isEmpty()) {
            return;
        }
        BareJid owner = session.jid().bare();
        rosters.get().read(owner, view -> {
            List<BareJid> subscribers = wasAvailable ? view.subscribers() : List.of();
            Set<BareJid> told = new HashSet<>(subscribers);
            for (BareJid contact : subscribers) {
                sends.send(p.withAddresses(session.jid(), contact));
            }
            // RFC 6121 §4.6.3: directed recipients too, once each.
            for (Jid d : directed) {
                if (!told.contains(d.bare())) {
                    sends.send(p.withAddresses(session.jid(), d));
                }
            }
            if (wasAvailable) {
                for (Session own : ctx.sessions().sessions(owner)) {
                    if (own != session && own.isAvailable()) {
                        own.deliver(p.withAddresses(session.jid(), own.jid()));
                    }
                }
            }
        }).exceptionally(failure -> {
            log.warn("Unavailable broadcast of {} failed", session.jid(), failure);
            return null;
        });
    }

    private Tracked tracked(Session session) {
        return tracked.compute(session.jid(), (k, old) -> old != null && old.session == session
                ? old : new Tracked(session));
    }

    private static Set<Jid> drain(Tracked t) {
        Set<Jid> out = Set.copyOf(t.directed);
        t.directed.removeAll(out);
        return out;
    }
}
