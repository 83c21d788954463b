package dev.xmppd.im.roster;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.StreamStage;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.xml.namespace.QName;

/**
 * Roster management (RFC 6121 §2): get, set and remove with pushes to interested resources, roster versioning
 * (§2.6), and the {@link RosterService} the presence module keeps subscription states with. Stored in the
 * key-value store {@code roster}, one key per contact.
 *
 * <pre>
 * C: &lt;iq type='get' id='bv1bs71f'&gt;&lt;query xmlns='jabber:iq:roster' ver='41'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='bv1bs71f'&gt;&lt;query xmlns='jabber:iq:roster' ver='42'&gt;
 *      &lt;item jid='romeo@example.net' subscription='both'/&gt;&lt;/query&gt;&lt;/iq&gt;
 * </pre>
 */
public final class RosterModule implements XmppModule {
    public static final QName QUERY = new QName(RosterItem.NAMESPACE, "query");
    /** The roster versioning stream feature (RFC 6121 §2.6.1). */
    public static final String ROSTERVER = "urn:xmpp:features:rosterver";
    /** The most entries one roster may hold, pending requests included. */
    public static final int DEFAULT_MAX_ITEMS = 1000;

    private final int maxItems;
    private Rosters rosters;
    private ModuleContext ctx;

    public RosterModule() {
        this(DEFAULT_MAX_ITEMS);
    }

    public RosterModule(int maxItems) {
        this.maxItems = maxItems;
    }

    @Override
    public String name() {
        return "roster";
    }

    @Override
    public void configure(ModuleContext context) {
        this.ctx = context;
        this.rosters = new Rosters(ctx.storage().keyValue("roster"), ctx.storage().accounts(), ctx.sessions(),
                maxItems);
        ctx.provide(RosterService.class, rosters);
        ctx.streamFeature(StreamStage.POST_AUTH, s -> XmlElement.empty(ROSTERVER, "ver"));
        ctx.iq(IqType.GET, QUERY, RouteScope.ACCOUNT, this::get);
        ctx.iq(IqType.SET, QUERY, RouteScope.ACCOUNT, this::set);
        ctx.on(Events.SessionBound.class, e -> rosters.sessionBound(e.session()));
        ctx.on(Events.SessionClosed.class, e -> rosters.sessionClosed(e.session()));
    }

    private CompletionStage<Iq> get(IqRequest req) {
        if (!req.isSelf()) {
            // RFC 6121 §2.1.5: only the user's own resources see the roster.
            return req.error(Condition.FORBIDDEN);
        }
        Session requester = req.from() instanceof FullJid full ? ctx.sessions().get(full) : null;
        String clientVersion = req.payload().attribute("ver");
        return rosters.get(requester, req.target(), clientVersion).thenApply(query -> query == null
                ? req.iq().result() // RFC 6121 §2.6.3: the client's version is current; pushes follow
                : req.iq().result(query));
    }

    private CompletionStage<Iq> set(IqRequest req) {
        if (!req.isSelf()) {
            // RFC 6121 §2.3.3: a set from anyone but the user.
            return req.error(Condition.FORBIDDEN);
        }
        RosterSet set;
        try {
            set = RosterSet.parse(req.payload(), req.target());
        } catch (StanzaException e) {
            return CompletableFuture.failedFuture(e);
        }
        BareJid owner = req.target();
        return rosters.set(owner, set, previous -> {
            if (set.remove()) {
                cancelSubscriptions(owner, previous);
            }
        }).thenCompose(previous -> set.remove() && set.jid().domain().equals(ctx.host())
                // A local contact's roster handles the unsubscribe/unsubscribed on its own lane: answer once it
                // has, so that a client that removes a contact and then subscribes again (or the contact's client
                // reacting to the result) never sees the cancellation arrive after what it did next.
                ? rosters.read(set.jid(), contactRoster -> { })
                : CompletableFuture.<Void>completedFuture(null))
                .thenApply(done -> req.iq().result());
    }

    /**
     * RFC 6121 §2.5.2: removing an item ends the subscriptions both ways; the contact is told with unsubscribe and
     * unsubscribed, and, if it was subscribed to the user, gets unavailable presence from each available resource.
     */
    private void cancelSubscriptions(BareJid owner, Optional<RosterItem> previous) {
        if (previous.isEmpty()) {
            return;
        }
        SubscriptionState state = previous.get().state();
        BareJid contact = previous.get().jid();
        if (state.to() || state.pendingOut()) {
            ctx.send(subscription(owner, contact, PresenceType.UNSUBSCRIBE));
        }
        if (state.from() || state.pendingIn()) {
            ctx.send(subscription(owner, contact, PresenceType.UNSUBSCRIBED));
        }
        if (state.from()) {
            for (Session s : ctx.sessions().sessions(owner)) {
                if (s.isAvailable()) {
                    ctx.send(new Presence(XmlElement.builder(Namespaces.CLIENT, "presence")
                            .attribute("type", "unavailable").build(), null, null, PresenceType.UNAVAILABLE)
                            .withAddresses(s.jid(), contact));
                }
            }
        }
    }

    private static Presence subscription(BareJid from, BareJid to, PresenceType type) {
        XmlElement e = XmlElement.builder(Namespaces.CLIENT, "presence").attribute("type", type.value()).build();
        return new Presence(e, null, null, type).withAddresses(from, to);
    }

    /** The host's rosters (for tests). */
    Rosters rosters() {
        return rosters;
    }
}
