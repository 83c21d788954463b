package dev.xmppd.im.roster;

import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.router.Modules;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.storage.StorageProvider;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.presence.PresenceModuleFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The real router with the {@code roster} (and optionally {@code presence}) modules on {@code example.com}, on
 * in-memory storage (or any provider), with {@link RecordingSession}s: tests send client stanzas and look at what
 * each session received.
 */
public final class RosterHarness implements AutoCloseable {
    public static final String HOST = "example.com";

    public final StorageProvider storage;
    public final LocalSessionRegistry sessions = new LocalSessionRegistry();
    public final EventBus events = new EventBus();
    public final StanzaRouter router;
    /** What the server sent to other domains. */
    public final List<Stanza> remote = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Modules modules;
    private final List<RosterModule> rosterModules = new ArrayList<>();

    /** Roster and presence, on a new memory store with these accounts. */
    public static RosterHarness start(String... accounts) throws Exception {
        return start(new MemoryStorageProvider(), List.of("roster", "presence"), RosterModule.DEFAULT_MAX_ITEMS,
                accounts);
    }

    public static RosterHarness start(StorageProvider storage, List<String> moduleNames, int maxItems,
            String... accounts) throws Exception {
        for (String user : accounts) {
            storage.accounts().create(BareJid.of(user, HOST), Passwords.derive("pw", 1))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        return new RosterHarness(storage, moduleNames, maxItems);
    }

    /** Starts the modules on an existing store, as after a restart. */
    public RosterHarness(StorageProvider storage, List<String> moduleNames, int maxItems) {
        this.storage = storage;
        this.router = new StanzaRouter(List.of(HOST), sessions, storage.accounts(), events);
        router.remoteDelivery(remote::add);
        XmppdConfig d = XmppdConfig.defaults();
        XmppdConfig config = new XmppdConfig(List.of(HOST), d.data(), d.listeners(), d.tls(), d.storage(), d.auth(),
                d.registration(), d.admins(), moduleNames, d.limits(), d.s2s());
        ModuleFactory roster = factory("roster", () -> {
            RosterModule m = new RosterModule(maxItems);
            rosterModules.add(m);
            return m;
        });
        this.modules = Modules.start(config, List.of(roster, new PresenceModuleFactory()), router, events, storage);
    }

    private static ModuleFactory factory(String name, Supplier<XmppModule> create) {
        return new ModuleFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public XmppModule create() {
                return create.get();
            }
        };
    }

    /** The roster service of {@code example.com}. */
    public RosterService rosterService() {
        return rosterModules.get(0).rosters();
    }

    /** True if the account's roster is held in memory. */
    public boolean isLoaded(String account) {
        return rosterModules.get(0).rosters().isLoaded(BareJid.parse(account));
    }

    /** The roster pushes (RFC 6121 §2.1.6) the session received, as their single item, in order. */
    public static List<XmlElement> pushedItems(RecordingSession s) {
        return s.pushes().stream().filter(iq -> iq.type() == IqType.SET).map(iq -> iq.payload().firstElement())
                .toList();
    }

    /** Binds a session, as resource binding does. */
    public RecordingSession bind(String fullJid) {
        RecordingSession s = new RecordingSession(fullJid);
        sessions.add(s);
        events.publish(new Events.SessionBound(s));
        return s;
    }

    /** Ends a session, as a closed connection does (its last presence stays readable). */
    public void close(RecordingSession s) {
        if (sessions.remove(s)) {
            events.publish(new Events.SessionClosed(s));
        }
    }

    /** Routes a stanza from a client session and waits until the router handed it on. */
    public void send(RecordingSession from, String xml) throws Exception {
        sendWithoutWaiting(from, xml).get(5, TimeUnit.SECONDS);
    }

    /** Routes a stanza from a client session; completes when the router handed it on. */
    public CompletableFuture<?> sendWithoutWaiting(RecordingSession from, String xml) {
        return router.routeFromClient(from, Stanza.parse(TestXml.parse(xml))).toCompletableFuture();
    }

    /** Sends an IQ and returns the reply the session received for it. */
    public Iq iq(RecordingSession from, String xml) throws Exception {
        Iq request = (Iq) Stanza.parse(TestXml.parse(xml));
        send(from, xml);
        return from.received().stream().filter(s -> s instanceof Iq iq && request.id().equals(iq.id())
                && !iq.type().isRequest()).map(s -> (Iq) s).findFirst()
                .orElseThrow(() -> new AssertionError("no reply to " + xml + " in " + from.received()));
    }

    @Override
    public void close() {
        modules.close();
    }
}
