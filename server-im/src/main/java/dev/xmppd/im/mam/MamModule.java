package dev.xmppd.im.mam;

import dev.xmppd.core.disco.AccountDisco;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.Phase;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.im.roster.RosterItem;
import dev.xmppd.im.roster.RosterService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import javax.xml.namespace.QName;

/**
 * Message Archive Management (XEP-0313, {@code urn:xmpp:mam:2}) for user archives: every chat or normal message
 * with a body that an account sends or receives is kept in the archive {@code mam}; a received one gets a XEP-0359
 * {@code <stanza-id/>} equal to its archive id. The owner queries with a form and RSM paging (XEP-0059), and sets
 * preferences (XEP-0441). Needs the {@code disco} module before it in {@code modules:} (it adds its features to the
 * accounts' disco#info).
 *
 * <pre>
 * C: &lt;iq type='set' id='q1'&gt;&lt;query xmlns='urn:xmpp:mam:2' queryid='f27'&gt;
 *      &lt;set xmlns='http://jabber.org/protocol/rsm'&gt;&lt;max&gt;10&lt;/max&gt;&lt;/set&gt;&lt;/query&gt;&lt;/iq&gt;
 * S: &lt;message to='juliet@capulet.lit/chamber' from='juliet@capulet.lit'&gt;&lt;result queryid='f27' id='…'&gt;…
 * S: &lt;iq type='result' id='q1'&gt;&lt;fin xmlns='urn:xmpp:mam:2' complete='true'&gt;&lt;set&gt;…&lt;/set&gt;&lt;/fin&gt;&lt;/iq&gt;
 * </pre>
 */
public final class MamModule implements XmppModule {
    public static final String NAMESPACE = "urn:xmpp:mam:2";
    static final String STORE = "mam";
    static final QName QUERY = new QName(NAMESPACE, "query");
    static final QName PREFS = new QName(NAMESPACE, "prefs");
    static final QName METADATA = new QName(NAMESPACE, "metadata");

    private final Clock clock;
    private final List<Runnable> undo = new ArrayList<>();

    public MamModule() {
        this(Clock.systemUTC());
    }

    MamModule(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "mam";
    }

    @Override
    public void configure(ModuleContext ctx) {
        PrefsStore prefs = new PrefsStore(ctx.storage().keyValue(PrefsStore.STORE));
        MamArchiver archiver = new MamArchiver(ctx.host(), ctx.storage().archive(STORE), prefs,
                contacts(ctx.optional(RosterService.class)), clock);
        MamQueries queries = new MamQueries(ctx.storage().archive(STORE), archiver, ctx.sessions());
        // XEP-0313 §8: both features on the archiving JIDs, i.e. on every account's bare JID (and on the server).
        AccountDisco accounts = ctx.require(AccountDisco.class).get();
        for (String feature : List.of(NAMESPACE, NAMESPACE + "#extended", MamArchiver.SID)) {
            ctx.feature(feature); // XEP-0359 §7 for the stanza ids
            undo.add(accounts.feature(feature));
        }
        ctx.onLocalMessage(archiver::incoming);
        ctx.onMessage(Phase.PRE_ROUTE, archiver::outgoing);
        ctx.iq(IqType.SET, QUERY, RouteScope.ACCOUNT, queries::query);
        ctx.iq(IqType.GET, QUERY, RouteScope.ACCOUNT, queries::form);
        ctx.iq(IqType.GET, METADATA, RouteScope.ACCOUNT, queries::metadata);
        ctx.iq(IqType.GET, PREFS, RouteScope.ACCOUNT, request -> prefs.get(owner(request)).thenApply(p ->
                request.iq().result(p.toElement())));
        ctx.iq(IqType.SET, PREFS, RouteScope.ACCOUNT, request -> setPrefs(request, prefs));
        ctx.on(Events.SessionBound.class, e -> {
            // Preferences are read when a user connects, so that the archiver decides from the cache.
            if (e.session().jid().domain().equals(ctx.host())) {
                prefs.get(e.session().jid().bare());
            }
        });
        ctx.on(Events.SessionClosed.class, e -> {
            BareJid account = e.session().jid().bare();
            if (account.domain().equals(ctx.host()) && ctx.sessions().sessions(account).isEmpty()) {
                prefs.forget(account);
            }
        });
    }

    @Override
    public void close() {
        undo.forEach(Runnable::run);
        undo.clear();
    }

    private static CompletionStage<Iq> setPrefs(IqRequest request, PrefsStore prefs) {
        MamPrefs p = MamPrefs.parse(request.payload());
        return prefs.put(owner(request), p).thenApply(saved -> request.iq().result(saved.toElement()));
    }

    /** XEP-0441 §3: a user sets the preferences of their own archive only. */
    private static BareJid owner(IqRequest request) {
        if (!request.isSelf()) {
            throw new StanzaException(Condition.FORBIDDEN, "only the owner may see or change archiving preferences");
        }
        return request.target();
    }

    /** Roster items the client sees; without the roster module nobody is a contact. */
    private static MamArchiver.Contacts contacts(Supplier<Optional<RosterService>> rosters) {
        return (owner, with) -> rosters.get().map(service -> {
            boolean[] listed = {false};
            return service.read(owner, view -> listed[0] = view.item(with).filter(RosterItem::listed).isPresent())
                    .thenApply(v -> listed[0]);
        }).orElse(CompletableFuture.completedFuture(false));
    }
}
