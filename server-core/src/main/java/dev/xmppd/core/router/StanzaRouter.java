package dev.xmppd.core.router;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.ComponentHandler;
import dev.xmppd.core.module.DiscoInfo;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.IqHandler;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.Phase;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.StanzaHandler;
import dev.xmppd.core.module.StreamStage;
import dev.xmppd.core.module.Verdict;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.xml.XmlElement;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import javax.xml.namespace.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every stanza of the server, and owns the RFC rules no module should re-implement (DESIGN.md §3):
 * {@code from} stamped on client stanzas, exactly one reply per IQ get/set, {@code service-unavailable} where no
 * handler exists, never an answer to an error or a result, a handler failure answered with
 * {@code internal-server-error}. Message delivery to local accounts follows RFC 6121 §8.5 ({@link MessageDelivery}).
 *
 * <p>Called on the sender's event loop; never blocks. The returned stage completes when the stanza has been
 * handed on, so that a session can process its stanzas in order (RFC 6120 §10.1).
 */
public final class StanzaRouter {
    private static final Logger log = LoggerFactory.getLogger(StanzaRouter.class);
    static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Map<String, HostRoutes> hosts = new LinkedHashMap<>();
    private final Map<String, ComponentHandler> components = new ConcurrentHashMap<>();
    private final SessionRegistry sessions;
    private final AccountStore accounts;
    private final MessageDelivery messages;
    private final EventBus events;
    private final PendingRequests requests = new PendingRequests();
    private volatile RemoteDelivery remote = this::noFederation;

    public StanzaRouter(Collection<String> hostNames, SessionRegistry sessions, AccountStore accounts,
            EventBus events) {
        this.sessions = requireNonNull(sessions, "sessions");
        this.accounts = requireNonNull(accounts, "accounts");
        this.events = requireNonNull(events, "events");
        hostNames.forEach(h -> hosts.put(h, new HostRoutes(h)));
        this.messages = new MessageDelivery(this, sessions);
    }

    /** Installs federation; until then stanzas to other domains bounce with remote-server-not-found. */
    public void remoteDelivery(RemoteDelivery delivery) {
        this.remote = requireNonNull(delivery, "delivery");
    }

    public boolean isLocal(String domain) {
        return hosts.containsKey(domain);
    }

    /** True if a host or a component of this server serves {@code domain}: what federation may accept stanzas for. */
    public boolean servesDomain(String domain) {
        return !isRemote(domain);
    }

    /** Serves a component domain; returns the handle that removes it. */
    Runnable addComponent(String domain, ComponentHandler handler) {
        Jid jid = Jid.parse(domain);
        if (!jid.isDomain() || hosts.containsKey(jid.domain())) {
            throw new IllegalArgumentException("component domain: " + domain + " (expected: a domain that is not a host)");
        }
        if (components.putIfAbsent(jid.domain(), handler) != null) {
            throw new IllegalStateException("two components serve " + domain);
        }
        return () -> components.remove(jid.domain(), handler);
    }

    /**
     * Serves a domain for a handler outside the module system, such as an external component (XEP-0114): as with
     * {@code ModuleContext.component}, every stanza to the domain or a JID in it goes to {@code handler}, and the
     * domain is an item of disco#items (XEP-0030 §4), named {@code name} (or unnamed if null), on the hosts it is a
     * subdomain of, or on every host when it is a subdomain of none.
     *
     * @return removes the domain and its disco items
     * @throws IllegalArgumentException if the domain is a host; IllegalStateException if something serves it already
     */
    public Runnable serveDomain(String domain, String name, ComponentHandler handler) {
        Runnable removeComponent = addComponent(domain, requireNonNull(handler, "handler"));
        String normalized = Jid.parse(domain).domain();
        List<HostRoutes> parents = hosts.values().stream().filter(h -> normalized.endsWith("." + h.host())).toList();
        DiscoInfo.Item item = new DiscoInfo.Item(normalized, name);
        List<Runnable> removeItems = (parents.isEmpty() ? hosts.values() : parents).stream()
                .map(h -> h.addItem(item)).toList();
        return () -> {
            removeItems.forEach(Runnable::run);
            removeComponent.run();
        };
    }

    /** Not a host and not a component of this server: federation's. */
    boolean isRemote(String domain) {
        return !hosts.containsKey(domain) && !components.containsKey(domain);
    }

    /** Hands a stanza to the component serving its domain; false if none does. */
    boolean toComponent(Stanza stanza) {
        Jid to = stanza.to();
        ComponentHandler c = to == null ? null : components.get(to.domain());
        if (c == null) {
            return false;
        }
        try {
            c.handle(stanza);
        } catch (StanzaException e) {
            bounce(stanza, e.error());
        } catch (RuntimeException e) {
            log.error("Component {} failed on a stanza from {}", to.domain(), stanza.from(), e);
            bounce(stanza, StanzaError.of(Condition.INTERNAL_SERVER_ERROR));
        }
        return true;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    HostRoutes routes(String host) {
        HostRoutes r = hosts.get(host);
        if (r == null) {
            throw new IllegalArgumentException("host: " + host + " (expected one of: " + hosts.keySet() + ")");
        }
        return r;
    }

    /** The disco#info registrations of a host. */
    public DiscoInfo discoInfo(String host) {
        return routes(host);
    }

    /** The stream features the modules of a host offer to a session at this stage. */
    public List<XmlElement> streamFeatures(String host, StreamStage stage, Session session) {
        return routes(host).streamFeatures(stage, session);
    }

    /**
     * Routes a stanza a bound client sent: stamps {@code from} with the session's full JID (RFC 6120 §8.1.2.1) and
     * records the session's own presence (RFC 6121 §4.2, §4.5).
     */
    public CompletionStage<Void> routeFromClient(Session origin, Stanza stanza) {
        Stanza s = stanza.withFrom(origin.jid());
        if (s instanceof Presence p && p.to() == null
                && (p.type() == PresenceType.AVAILABLE || p.type() == PresenceType.UNAVAILABLE)) {
            Presence previous = origin.presence();
            Presence current = p.type() == PresenceType.AVAILABLE ? p : null;
            origin.updatePresence(current);
            if (previous != null || current != null) {
                events.publish(new Events.PresenceChanged(origin, previous, current));
            }
        }
        return route(s);
    }

    /** Routes a stanza whose {@code from} is already set and trusted (the server's own, or federation's). */
    public CompletionStage<Void> route(Stanza stanza) {
        try {
            if (stanza instanceof Message m) {
                return messages.route(m);
            } else if (stanza instanceof Iq iq) {
                return routeIq(iq);
            } else {
                return routePresence((Presence) stanza);
            }
        } catch (StanzaException e) {
            bounce(stanza, e.error());
            return DONE;
        }
    }

    /**
     * Delivers again a message that reached a local session which ended without acknowledging it (XEP-0198 §5): to
     * another available resource of the addressee, else offline storage, else a bounce; the modules that saw it on
     * its first delivery (archive, carbons) do not run again.
     */
    public CompletionStage<Void> redeliver(Message message) {
        try {
            return messages.redeliver(message);
        } catch (StanzaException e) {
            bounce(message, e.error());
            return DONE;
        }
    }

    /**
     * Sends an IQ get or set from a host (the server itself, RFC 6120 §8.1.2.1) and completes with the response:
     * the result or the error, which may be the bounce of an unreachable addressee. Fails with a
     * {@code TimeoutException} when no response comes in time.
     */
    public CompletionStage<Iq> request(String host, IqType type, Jid to, XmlElement payload, Duration timeout) {
        return request(new BareJid(null, host), type, to, payload, timeout);
    }

    /**
     * As {@link #request(String, IqType, Jid, XmlElement, Duration)}, from a host or from an account of a host that
     * acts on the account's behalf (e.g. XEP-0357 publishes from the user's bare JID); the response to that account
     * ends here too, never at its clients.
     */
    public CompletionStage<Iq> request(BareJid from, IqType type, Jid to, XmlElement payload, Duration timeout) {
        if (!type.isRequest()) {
            throw new IllegalArgumentException("type: " + type + " (expected: GET or SET)");
        }
        routes(from.domain());
        Map.Entry<String, CompletableFuture<Iq>> pending = requests.register(to, timeout);
        if (!pending.getValue().isDone()) {
            route(Iq.request(type, pending.getKey(), from, to, payload));
        }
        return pending.getValue();
    }

    /** Fails the server's own requests still waiting for a response (at shutdown, when the modules close). */
    void cancelRequests() {
        requests.cancelAll();
    }

    /** Sends the error reply to a stanza, unless it is itself an error or an IQ result (RFC 6120 §8.3.1). */
    public void bounce(Stanza stanza, StanzaError error) {
        if (stanza.isError() || stanza instanceof Iq iq && !iq.type().isRequest() || stanza.from() == null) {
            return;
        }
        route(stanza.errorReply(error));
    }

    void deliverRemote(Stanza stanza) {
        remote.deliver(stanza);
    }

    private void noFederation(Stanza stanza) {
        bounce(stanza, StanzaError.of(Condition.REMOTE_SERVER_NOT_FOUND, "federation is not enabled"));
    }

    /** Runs the handlers of a phase; true if one of them took the stanza. A failing handler bounces it. */
    <T extends Stanza> boolean handled(List<StanzaHandler<T>> handlers, T stanza) {
        for (StanzaHandler<T> h : handlers) {
            Verdict v;
            try {
                v = h.handle(stanza);
            } catch (StanzaException e) {
                bounce(stanza, e.error());
                return true;
            } catch (RuntimeException e) {
                log.error("Handler {} failed on a stanza from {}", h, stanza.from(), e);
                bounce(stanza, StanzaError.of(Condition.INTERNAL_SERVER_ERROR));
                return true;
            }
            if (v != Verdict.CONTINUE) {
                return true;
            }
        }
        return false;
    }

    /** Completes with true if the local account exists; no storage call when one of its sessions is bound. */
    CompletionStage<Boolean> accountExists(BareJid account) {
        if (!sessions.sessions(account).isEmpty()) {
            return CompletableFuture.completedFuture(true);
        }
        return accounts.exists(account);
    }

    private CompletionStage<Void> routeIq(Iq iq) {
        Jid to = iq.to();
        if (toComponent(iq)) {
            return DONE;
        }
        if (!iq.type().isRequest()) {
            // RFC 6120 §8.2.3: results and errors are never answered; those for the server itself end here.
            if (to != null && to.isBare() && isLocal(to.domain()) && requests.complete(iq)) {
                return DONE;
            }
            if (to instanceof FullJid full && isLocal(full.domain())) {
                Session s = sessions.get(full);
                if (s != null) {
                    s.deliver(iq);
                }
            } else if (to != null && !isLocal(to.domain())) {
                remote.deliver(iq);
            }
            return DONE;
        }
        if (to == null) {
            // RFC 6120 §10.3.3: no 'to' means the sender's own account.
            return dispatch(iq, RouteScope.ACCOUNT, iq.from().bare());
        }
        if (iq.from() != null && isLocal(iq.from().domain())
                && handled(routes(iq.from().domain()).iqHandlers(Phase.PRE_ROUTE), iq)) {
            return DONE;
        }
        if (!isLocal(to.domain())) {
            remote.deliver(iq);
            return DONE;
        }
        if (to.local() != null && handled(routes(to.domain()).iqHandlers(Phase.FILTER), iq)) {
            return DONE;
        }
        if (to.local() == null) {
            return dispatch(iq, RouteScope.SERVER, new BareJid(null, to.domain()));
        }
        if (to instanceof FullJid full) {
            Session s = sessions.get(full);
            if (s != null) {
                s.deliver(iq);
            } else {
                // RFC 6121 §8.5.3.2.2: no such resource.
                bounce(iq, StanzaError.of(Condition.SERVICE_UNAVAILABLE));
            }
            return DONE;
        }
        BareJid account = (BareJid) to;
        if (iq.from() != null && account.equals(iq.from().bare())) {
            return dispatch(iq, RouteScope.ACCOUNT, account);
        }
        return accountExists(account).thenCompose(exists -> {
            if (!exists) {
                // RFC 6121 §8.5.1: no such user.
                bounce(iq, StanzaError.of(Condition.SERVICE_UNAVAILABLE));
                return DONE;
            }
            return dispatch(iq, RouteScope.ACCOUNT, account);
        });
    }

    private CompletionStage<Void> dispatch(Iq iq, RouteScope scope, BareJid target) {
        XmlElement payload = iq.payload();
        if (payload == null) {
            bounce(iq, StanzaError.of(Condition.BAD_REQUEST, "iq " + iq.type().value() + " without payload"));
            return DONE;
        }
        IqHandler handler = routes(target.domain())
                .iqHandler(iq.type(), new QName(payload.namespace(), payload.name()), scope);
        if (handler == null) {
            // RFC 6120 §8.4: nobody here understands this payload.
            bounce(iq, StanzaError.of(Condition.SERVICE_UNAVAILABLE));
            return DONE;
        }
        CompletionStage<Iq> reply;
        try {
            reply = handler.handle(new IqRequest(iq, target));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((result, failure) -> {
            route(result != null && failure == null ? result : errorFor(iq, failure));
            return null;
        });
    }

    private Iq errorFor(Iq iq, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof StanzaException se) {
            return iq.error(se.error());
        }
        log.error("IQ handler failed on {} from {}", iq.payload().namespace(), iq.from(), cause);
        return iq.error(StanzaError.of(Condition.INTERNAL_SERVER_ERROR));
    }

    private CompletionStage<Void> routePresence(Presence presence) {
        Presence p = presence;
        if (p.from() != null && isLocal(p.from().domain())) {
            p = rewrite(routes(p.from().domain()).presenceRewriters(Phase.PRE_ROUTE), p);
            if (p == null || handled(routes(p.from().domain()).presenceHandlers(Phase.PRE_ROUTE), p)) {
                return DONE;
            }
        }
        Jid to = p.to();
        if (toComponent(p)) {
            return DONE;
        }
        if (to != null && !isLocal(to.domain())) {
            remote.deliver(p);
            return DONE;
        }
        String domain = to != null ? to.domain() : p.from().domain();
        if (!isLocal(domain)) {
            return DONE;
        }
        HostRoutes host = routes(domain);
        for (Phase phase : new Phase[] {Phase.FILTER, Phase.DELIVER}) {
            p = rewrite(host.presenceRewriters(phase), p);
            if (p == null || handled(host.presenceHandlers(phase), p)) {
                return DONE;
            }
        }
        if (to == null || to.local() == null) {
            return DONE; // broadcast and presence to the server: the presence module's, when enabled
        }
        if (to instanceof FullJid full) {
            Session s = sessions.get(full);
            if (s != null) {
                s.deliver(p); // directed presence (RFC 6121 §4.6)
            }
            return DONE;
        }
        // RFC 6121 §8.5.2.1.3 (no presence module): to every available resource.
        for (Session s : sessions.sessions((BareJid) to)) {
            if (s.isAvailable()) {
                s.deliver(p);
            }
        }
        return DONE;
    }

    /** Applies rewriters in order; null once one of them drops the stanza. A failing rewriter drops it too. */
    <T extends Stanza> T rewrite(List<UnaryOperator<T>> rewriters, T stanza) {
        T s = stanza;
        for (UnaryOperator<T> r : rewriters) {
            try {
                s = r.apply(s);
            } catch (StanzaException e) {
                bounce(s, e.error());
                return null;
            } catch (RuntimeException e) {
                log.error("Rewriter {} failed on a stanza from {}", r, s.from(), e);
                bounce(s, StanzaError.of(Condition.INTERNAL_SERVER_ERROR));
                return null;
            }
            if (s == null) {
                return null;
            }
        }
        return s;
    }

    /** True if some module answers this IQ before authentication (see {@link #handleUnauthenticated}). */
    public boolean acceptsUnauthenticated(String host, Iq iq) {
        XmlElement payload = iq.payload();
        return iq.type().isRequest() && payload != null && routes(host).iqHandler(iq.type(),
                new QName(payload.namespace(), payload.name()), RouteScope.UNAUTHENTICATED) != null;
    }

    /**
     * Answers an IQ sent on a client stream before authentication (XEP-0077 registration), with the handler a
     * module registered for {@link RouteScope#UNAUTHENTICATED}; the reply goes back on that stream only.
     */
    public CompletionStage<Iq> handleUnauthenticated(String host, Iq iq, String origin) {
        XmlElement payload = iq.payload();
        IqHandler handler = !iq.type().isRequest() || payload == null ? null
                : routes(host).iqHandler(iq.type(), new QName(payload.namespace(), payload.name()),
                        RouteScope.UNAUTHENTICATED);
        if (handler == null) {
            return CompletableFuture.completedFuture(iq.error(StanzaError.of(Condition.SERVICE_UNAVAILABLE)));
        }
        CompletionStage<Iq> reply;
        try {
            reply = handler.handle(new IqRequest(iq, new BareJid(null, host), origin));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((result, failure) -> result != null && failure == null ? result : errorFor(iq, failure));
    }
}
