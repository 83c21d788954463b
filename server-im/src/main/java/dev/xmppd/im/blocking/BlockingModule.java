package dev.xmppd.im.blocking;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
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
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.roster.RosterService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.xml.namespace.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simple communications blocking (XEP-0191): an account's blocklist, changed with block and unblock commands that
 * are pushed to every resource that asked for the list, and enforced on every stanza to and from the account
 * ({@link Enforcement}). Every blocklist of the host is kept in memory, loaded at start-up ({@link BlocklistStore}),
 * so the checks never wait for storage and apply while the account is offline too.
 *
 * <pre>
 * C: &lt;iq type='set' id='b1'&gt;&lt;block xmlns='urn:xmpp:blocking'&gt;&lt;item jid='romeo@montague.net'/&gt;&lt;/block&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='b1'/&gt;
 * S: &lt;iq type='set' id='block-push-1' from='juliet@capulet.com' to='juliet@capulet.com/chamber'&gt;
 *      &lt;block xmlns='urn:xmpp:blocking'&gt;&lt;item jid='romeo@montague.net'/&gt;&lt;/block&gt;&lt;/iq&gt;
 * </pre>
 */
public final class BlockingModule implements XmppModule {
    public static final String NS = "urn:xmpp:blocking";
    /** The most JIDs one account may block. */
    static final int MAX_ITEMS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(BlockingModule.class);

    private final Map<BareJid, Blocklist> lists = new ConcurrentHashMap<>();
    private final Set<FullJid> interested = ConcurrentHashMap.newKeySet();
    private final AtomicLong pushIds = new AtomicLong();
    private ModuleContext ctx;
    private BlocklistStore store;
    private CompletableFuture<Void> ready;
    private BlockPresence presence;

    @Override
    public String name() {
        return "blocking";
    }

    @Override
    public void configure(ModuleContext context) {
        this.ctx = context;
        this.store = new BlocklistStore(ctx.storage().keyValue(BlocklistStore.NAME), ctx.host());
        this.ready = store.loadAll().thenAccept(lists::putAll).toCompletableFuture();
        ready.whenComplete((v, e) -> {
            if (e != null) {
                log.error("Could not load the blocklists of {}: blocking is not enforced", ctx.host(), e);
            }
        });
        // The roster is optional: it decides who gets presence on block and unblock.
        presence = new BlockPresence(ctx,
                ctx.config().modules().contains("roster") ? ctx.require(RosterService.class) : null);
        ctx.feature(NS);
        ctx.iq(IqType.GET, new QName(NS, "blocklist"), RouteScope.ACCOUNT, this::blocklist);
        ctx.iq(IqType.SET, new QName(NS, "block"), RouteScope.ACCOUNT, this::block);
        ctx.iq(IqType.SET, new QName(NS, "unblock"), RouteScope.ACCOUNT, this::unblock);
        Enforcement rules = new Enforcement(lists, ctx.sessions());
        // Rewriters run before every handler of their phase, so blocking holds whatever the module order.
        ctx.rewriteMessage(Phase.PRE_ROUTE, rules::outbound);
        ctx.rewritePresence(Phase.PRE_ROUTE, rules::outbound);
        ctx.onIq(Phase.PRE_ROUTE, rules::outboundVerdict);
        ctx.rewriteMessage(Phase.FILTER, rules::inbound);
        ctx.rewritePresence(Phase.FILTER, rules::inbound);
        ctx.onIq(Phase.FILTER, rules::inboundVerdict);
        ctx.on(Events.SessionClosed.class, e -> interested.remove(e.session().jid()));
        ctx.provide(BlockingService.class, (account, address) -> blocklist(account).matches(address));
    }

    /** Completes once the blocklists are loaded (for tests and start-up checks). */
    CompletionStage<Void> ready() {
        return ready;
    }

    private Blocklist blocklist(BareJid account) {
        return lists.getOrDefault(account, Blocklist.EMPTY);
    }

    private CompletionStage<Iq> blocklist(IqRequest req) {
        requireSelf(req);
        return ready.thenApply(v -> {
            if (req.from() instanceof FullJid full) {
                interested.add(full); // XEP-0191 §3.2: this resource now gets the pushes
            }
            XmlElement.Builder list = XmlElement.builder(NS, "blocklist");
            blocklist(req.target()).jids().forEach(j -> list.child(BlocklistStore.item(j)));
            return req.iq().result(list.build());
        });
    }

    private CompletionStage<Iq> block(IqRequest req) {
        requireSelf(req);
        List<Jid> jids = items(req.payload());
        if (jids.isEmpty()) {
            // XEP-0191 §3.3: a block command needs at least one item.
            throw new StanzaException(Condition.BAD_REQUEST, "block without item");
        }
        BareJid account = req.target();
        return ready.thenCompose(v -> {
            Blocklist before = blocklist(account);
            if (before.with(jids).jids().size() > MAX_ITEMS) {
                throw new StanzaException(Condition.POLICY_VIOLATION, "at most " + MAX_ITEMS + " blocked JIDs");
            }
            List<Jid> added = new ArrayList<>(jids);
            added.removeAll(before.jids());
            // XEP-0191 §3.3: the contact sees the user go offline, sent before the block stops presence to it.
            return presence.blocked(account, added);
        }).thenCompose(v -> {
            lists.compute(account, (a, l) -> (l == null ? Blocklist.EMPTY : l).with(jids));
            return store.add(account, jids).thenApply(x -> done(req, account, "block", jids));
        });
    }

    private CompletionStage<Iq> unblock(IqRequest req) {
        requireSelf(req);
        List<Jid> jids = items(req.payload());
        BareJid account = req.target();
        return ready.thenCompose(v -> {
            Blocklist before = blocklist(account);
            CompletionStage<Void> stored;
            if (jids.isEmpty()) {
                // XEP-0191 §3.5: an empty unblock unblocks everyone.
                lists.remove(account);
                stored = store.clear(account);
            } else {
                Blocklist after = lists.computeIfPresent(account, (a, l) -> {
                    Blocklist next = l.without(jids);
                    return next.isEmpty() ? null : next;
                });
                stored = store.remove(account, jids, after == null);
            }
            List<Jid> removed = new ArrayList<>(jids.isEmpty() ? before.jids() : jids);
            removed.retainAll(before.jids());
            return stored.thenApply(x -> {
                presence.unblocked(account, removed); // XEP-0191 §3.4: the contact sees the user again
                return done(req, account, "unblock", jids);
            });
        });
    }

    /** Pushes the change to the interested resources (XEP-0191 §3.3, §3.4, §3.5) and answers the command. */
    private Iq done(IqRequest req, BareJid account, String command, Collection<Jid> jids) {
        XmlElement.Builder payload = XmlElement.builder(NS, command);
        jids.forEach(j -> payload.child(BlocklistStore.item(j)));
        XmlElement push = payload.build();
        for (Session s : ctx.sessions().sessions(account)) {
            if (interested.contains(s.jid())) {
                s.deliver(Iq.request(IqType.SET, "block-push-" + pushIds.incrementAndGet(), account, s.jid(), push));
            }
        }
        return req.iq().result();
    }

    /** The item JIDs of a command, normalized, without duplicates. */
    private static List<Jid> items(XmlElement command) {
        Set<Jid> jids = new LinkedHashSet<>();
        for (XmlElement item : command.elements()) {
            if (!item.is(NS, "item")) {
                continue;
            }
            String jid = item.attribute("jid");
            if (jid == null) {
                throw new StanzaException(Condition.BAD_REQUEST, "item without jid");
            }
            try {
                jids.add(Jid.parse(jid));
            } catch (JidFormatException e) {
                throw new StanzaException(Condition.JID_MALFORMED, "item jid: " + e.getMessage());
            }
        }
        return List.copyOf(jids);
    }

    /** Blocklists are the user's own: commands addressed to another account are not served. */
    private static void requireSelf(IqRequest req) {
        if (!req.isSelf()) {
            throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
        }
    }
}
