package dev.xmppd.muc;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.history.RoomArchive;
import dev.xmppd.muc.options.RoomOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-User Chat (XEP-0045) as a component at {@code conference.<host>}, with mediated and direct invitations
 * (XEP-0249), room archives (XEP-0313), stanza and occupant ids (XEP-0359, XEP-0421) and self-pings (XEP-0410).
 * Persistent rooms are stored in the key-value store {@code muc-rooms} and loaded at start; room messages go to
 * the archive {@code muc}. Each room runs on its own serial executor over a small shared pool.
 *
 * <pre>
 * C: &lt;presence to='coven@conference.example.com/thirdwitch'&gt;&lt;x xmlns='http://jabber.org/protocol/muc'/&gt;&lt;/presence&gt;
 * S: &lt;presence from='coven@conference.example.com/thirdwitch' to='hag66@example.com/pda'&gt;
 *      &lt;x xmlns='http://jabber.org/protocol/muc#user'&gt;&lt;item affiliation='owner' role='moderator'/&gt;
 *      &lt;status code='110'/&gt;&lt;status code='201'/&gt;&lt;/x&gt;&lt;/presence&gt;
 * </pre>
 */
public final class MucModule implements XmppModule {
    private static final Logger log = LoggerFactory.getLogger(MucModule.class);
    /** Rooms one user may have created and alive at once (service admins: no limit). */
    static final int MAX_ROOMS_PER_USER = 20;
    static final String ROOMS_STORE = "muc-rooms";
    static final String ARCHIVE = "muc";

    private ThreadPoolExecutor pool;

    @Override
    public String name() {
        return "muc";
    }

    @Override
    public void configure(ModuleContext ctx) {
        // The service domain is fixed: conference.<host>.
        String domain = "conference." + ctx.host();
        pool = newPool(ctx.host());
        Set<BareJid> admins = admins(ctx.config().admins());
        MucService service = new MucService(ctx.host(), domain, pool, ctx::send, admins, MAX_ROOMS_PER_USER);
        ctx.component(domain, "Chatrooms", service);
        ctx.on(Events.SessionClosed.class, e -> service.sessionGone(e.session().jid()));
        ctx.on(Events.ServerStopping.class, e -> {
            try {
                service.shutdown().get(Events.STOPPING_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException failure) {
                log.warn("MUC service {}: not every room said goodbye (status 332) in time: {}", domain,
                        failure.toString());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        ctx.on(Events.PresenceChanged.class, e -> {
            if (e.current() == null) {
                service.sessionGone(e.session().jid());
            }
        });
        KeyValueStore rooms = ctx.storage().keyValue(ROOMS_STORE);
        RoomArchive archive = new RoomArchive(ctx.storage().archive(ARCHIVE));
        rooms.getAll(service.jid()).thenCompose(stored -> secret(rooms, service.jid(), stored).thenAccept(secret -> {
            RoomServices services = new RoomServices(domain, ctx::send, new RoomOptions(), rooms, archive,
                    new OccupantIds(secret), Clock.systemUTC(), admins, service);
            List<String> names = new ArrayList<>(stored.keySet());
            names.remove("");
            service.start(services, names);
            log.info("MUC service {} serves {} stored rooms", domain, names.size());
        })).exceptionally(e -> {
            log.error("MUC service {} could not load its state; rooms are unavailable", domain, e);
            service.failed(e);
            return null;
        });
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.warn("MUC rooms did not finish their work within 5 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The occupant-id secret (XEP-0421), created on first start and kept under the service's JID, key "". */
    private static CompletionStage<byte[]> secret(KeyValueStore store, BareJid service, Map<String, XmlElement> stored) {
        XmlElement state = stored.get("");
        String text = state == null ? null : state.childText(RoomCodec.NS, "secret");
        if (text != null) {
            return CompletableFuture.completedFuture(Base64.getDecoder().decode(text));
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        XmlElement value = XmlElement.builder(RoomCodec.NS, "service")
                .textElement("secret", Base64.getEncoder().encodeToString(secret)).build();
        return store.put(service, "", value).thenApply(v -> secret);
    }

    private static Set<BareJid> admins(List<String> configured) {
        Set<BareJid> out = new HashSet<>();
        for (String a : configured) {
            try {
                out.add(BareJid.parse(a));
            } catch (JidFormatException e) {
                log.warn("admins: '{}' is not a bare JID; not a MUC service admin", a);
            }
        }
        return out;
    }

    private static ThreadPoolExecutor newPool(String host) {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(65536), r -> {
                    Thread t = new Thread(r, "xmppd-muc-" + host + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        p.allowCoreThreadTimeOut(true);
        return p;
    }
}
