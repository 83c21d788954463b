package dev.xmppd.im.last;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.Phase;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.roster.RosterService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.xml.namespace.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last activity (XEP-0012): asked of the server, its uptime (§4); asked of an account's bare JID, the seconds since
 * the account's last resource went offline and the status it left with (§3), or 0 while a resource is available.
 * Only the account itself and, when the {@code roster} module is enabled, contacts subscribed to its presence may ask
 * (§3, Security Considerations); others get {@code forbidden}. Logouts are kept in the key-value store {@code last}.
 *
 * <pre>
 * C: &lt;iq type='get' to='juliet@capulet.com' id='l1'&gt;&lt;query xmlns='jabber:iq:last'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='juliet@capulet.com' id='l1'&gt;&lt;query xmlns='jabber:iq:last' seconds='903'&gt;Heading
 *      Home&lt;/query&gt;&lt;/iq&gt;
 * </pre>
 */
public final class LastActivityModule implements XmppModule {
    public static final String NS = "jabber:iq:last";
    public static final QName QUERY = new QName(NS, "query");
    private static final Logger log = LoggerFactory.getLogger(LastActivityModule.class);
    private static final String KEY = "";

    private final Clock clock;
    private Instant started;
    private KeyValueStore store;
    private ModuleContext ctx;
    private Supplier<RosterService> rosters;

    public LastActivityModule() {
        this(Clock.systemUTC());
    }

    public LastActivityModule(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "last";
    }

    @Override
    public void configure(ModuleContext context) {
        this.ctx = context;
        this.started = clock.instant();
        this.store = ctx.storage().keyValue("last");
        // The roster is optional: without it only the account itself may ask.
        this.rosters = ctx.config().modules().contains("roster") ? ctx.require(RosterService.class) : null;
        ctx.feature(NS);
        ctx.iq(IqType.GET, QUERY, RouteScope.SERVER, req -> req.result(query(since(started), null)));
        ctx.iq(IqType.GET, QUERY, RouteScope.ACCOUNT, this::account);
        ctx.rewritePresence(Phase.PRE_ROUTE, this::observe);
        ctx.on(Events.SessionClosed.class, e -> closed(e.session()));
    }

    private CompletionStage<Iq> account(IqRequest req) {
        BareJid account = req.target();
        return authorized(req).thenCompose(ok -> {
            if (!ok) {
                throw new StanzaException(Condition.FORBIDDEN); // XEP-0012 §3: not subscribed to the presence
            }
            if (online(account, null)) {
                return CompletableFuture.completedFuture(req.iq().result(query(0, null))); // §3: seconds='0'
            }
            return store.get(account, KEY).thenApply(last -> {
                XmlElement l = last.orElseThrow(() -> new StanzaException(Condition.ITEM_NOT_FOUND));
                long seconds = since(Instant.ofEpochSecond(Long.parseLong(l.attribute("at"))));
                return req.iq().result(query(seconds, l.text()));
            });
        });
    }

    /** The account itself, or a contact with a subscription to the account's presence (RFC 6121 §3). */
    private CompletionStage<Boolean> authorized(IqRequest req) {
        if (req.isSelf()) {
            return CompletableFuture.completedFuture(true);
        }
        if (rosters == null || req.from() == null) {
            return CompletableFuture.completedFuture(false);
        }
        AtomicBoolean subscribed = new AtomicBoolean();
        BareJid requester = req.from().bare();
        return rosters.get().read(req.target(), view -> subscribed.set(
                view.item(requester).map(i -> i.subscription().from()).orElse(false)))
                .thenApply(v -> subscribed.get());
    }

    /** Sees the client's own unavailable presence (with its status) before it is routed. */
    private Presence observe(Presence p) {
        if (p.to() == null && p.type() == PresenceType.UNAVAILABLE && p.from() instanceof FullJid full
                && !online(full.bare(), null)) {
            record(full.bare(), p.element().childText(p.element().namespace(), "status"));
        }
        return p;
    }

    /** A connection that ends without unavailable presence is a logout too (RFC 6121 §4.6.3). */
    private void closed(Session session) {
        if (session.presence() != null && !online(session.jid().bare(), session)) {
            record(session.jid().bare(), null);
        }
    }

    private boolean online(BareJid account, Session except) {
        for (Session s : ctx.sessions().sessions(account)) {
            if (s != except && s.isAvailable()) {
                return true;
            }
        }
        return false;
    }

    private void record(BareJid account, String status) {
        XmlElement last = XmlElement.builder(NS, "last")
                .attribute("at", Long.toString(clock.instant().getEpochSecond())).text(status).build();
        store.put(account, KEY, last).whenComplete((v, e) -> {
            if (e != null) {
                log.warn("Could not store the last activity of {}", account, e);
            }
        });
    }

    private long since(Instant then) {
        return Math.max(0, Duration.between(then, clock.instant()).getSeconds());
    }

    private static XmlElement query(long seconds, String text) {
        return XmlElement.builder(NS, "query").attribute("seconds", Long.toString(seconds)).text(text).build();
    }
}
