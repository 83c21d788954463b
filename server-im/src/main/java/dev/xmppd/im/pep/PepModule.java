package dev.xmppd.im.pep;

import dev.xmppd.core.disco.AccountDisco;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.Phase;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.im.privatexml.PrivateXmlService;
import dev.xmppd.im.roster.RosterService;
import dev.xmppd.im.vcard.VcardService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.xml.namespace.QName;

/**
 * Personal Eventing Protocol (XEP-0163): every account is a pubsub service at its bare JID, with nodes created on
 * first publish (XEP-0060 subset: publish with publish-options, retract, items, node configuration, delete, purge;
 * access models open, presence, roster and whitelist). Notifications go to the owner's resources and to contacts
 * subscribed to the owner's presence whose XEP-0115 caps ask for {@code <node>+notify}; a resource that comes online
 * gets the last published items it wants. Items are kept in the key-value store {@code pep}, which account deletion
 * clears. Needs {@code disco}, {@code roster} and {@code presence} before it in {@code modules:}.
 *
 * <pre>
 * C: &lt;iq type='set' id='t1'&gt;&lt;pubsub xmlns='http://jabber.org/protocol/pubsub'&gt;
 *      &lt;publish node='http://jabber.org/protocol/tune'&gt;&lt;item&gt;&lt;tune xmlns='http://jabber.org/protocol/tune'&gt;…
 * S: &lt;iq type='result' id='t1'&gt;&lt;pubsub …&gt;&lt;publish node='http://jabber.org/protocol/tune'&gt;&lt;item id='…'/&gt;…
 * S: &lt;message from='juliet@capulet.lit' to='romeo@montague.lit/orchard' type='headline'&gt;&lt;event …&gt;…  (each +notify)
 * </pre>
 */
public final class PepModule implements XmppModule {
    /** XEP-0060 §10 features a PEP service offers (XEP-0163 §9.1), without the {@code pubsub#} prefix. */
    static final List<String> FEATURES = List.of("access-open", "access-presence", "access-roster",
            "access-whitelist", "auto-create", "auto-subscribe", "config-node", "create-and-configure",
            "create-nodes", "delete-items", "delete-nodes", "filtered-notifications", "item-ids", "last-published",
            "meta-data", "multi-items", "persistent-items", "presence-notifications", "publish", "publish-options",
            "purge-nodes", "retract-items", "retrieve-default", "retrieve-items");

    private final List<Runnable> undo = new ArrayList<>();

    @Override
    public String name() {
        return "pep";
    }

    @Override
    public void configure(ModuleContext ctx) {
        AccountDisco accounts = ctx.require(AccountDisco.class).get();
        Access access = new Access(ctx.require(RosterService.class));
        PepStore store = new PepStore(ctx.storage().keyValue(PepStore.STORE));
        Interests interests = new Interests();
        Notifier notifier = new Notifier(ctx, interests, access);
        // XEP-0398: avatars into the vCard, when the vcard module is on (and configured before this one).
        Optional<VcardService> vcards = ctx.optional(VcardService.class).get();
        AvatarConversion avatars = vcards.map(v -> new AvatarConversion(store, notifier, v)).orElse(null);
        Publishing publishing = new Publishing(store, notifier,
                avatars == null ? (o, n, i) -> CompletableFuture.completedFuture(null) : avatars::published);
        Retrieval retrieval = new Retrieval(store, access);
        Owning owning = new Owning(store, notifier);
        PresenceWatch watch = new PresenceWatch(ctx.host(), interests, new CapsResolver(ctx), access, store,
                notifier);

        undo.add(accounts.identity("pubsub", "pep", null));
        // XEP-0163 §9.1: the PEP service's features on the account's bare JID. COMPAT(Smack OmemoManager,
        // OpenPgpManager): clients also look for them on the server's domain before they use PEP, as Prosody and
        // ejabberd advertise them there.
        for (String f : FEATURES) {
            undo.add(accounts.feature(Requests.PUBSUB + "#" + f));
            ctx.feature(Requests.PUBSUB + "#" + f);
        }
        undo.add(accounts.feature(Requests.PUBSUB));
        ctx.feature(Requests.PUBSUB);
        undo.add(accounts.nodes(new PepDisco(store, access)));
        // XEP-0402 §5: bookmarks in private XML storage are the bookmarks node, when private storage is on (and
        // configured before this module, as in the default module list).
        if (avatars != null) {
            undo.add(accounts.feature(AvatarConversion.FEATURE));
            undo.add(vcards.get().onPhotoSet(avatars::fromVcard));
        }
        ctx.optional(PrivateXmlService.class).get().ifPresent(privateXml -> {
            undo.add(privateXml.handle(LegacyBookmarks.LEGACY, "storage", new LegacyBookmarks(store, notifier)));
            undo.add(accounts.feature(LegacyBookmarks.COMPAT));
        });

        QName pubsub = new QName(Requests.PUBSUB, "pubsub");
        QName owner = new QName(Requests.OWNER, "pubsub");
        ctx.iq(IqType.SET, pubsub, RouteScope.ACCOUNT, Requests.guarded(publishing::set));
        ctx.iq(IqType.GET, pubsub, RouteScope.ACCOUNT, Requests.guarded(retrieval::get));
        ctx.iq(IqType.GET, owner, RouteScope.ACCOUNT, Requests.guarded(owning::get));
        ctx.iq(IqType.SET, owner, RouteScope.ACCOUNT, Requests.guarded(owning::set));

        ctx.onPresence(Phase.PRE_ROUTE, watch::approved);
        ctx.onPresence(Phase.FILTER, watch::inbound);
        ctx.on(Events.PresenceChanged.class, e -> watch.own(e.session().jid(), e.current()));
        ctx.on(Events.SessionClosed.class, e -> watch.own(e.session().jid(), null));
    }

    @Override
    public void close() {
        undo.forEach(Runnable::run);
        undo.clear();
    }
}
