package dev.xmppd.im.testing;

import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.router.Modules;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.testing.TestXml;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The real router and module lifecycle on the host {@code example.com}, with in-memory storage and fake sessions:
 * a module test sends client stanzas and looks at what each session received.
 */
public final class MiscHarness implements AutoCloseable {
    public static final String HOST = "example.com";

    public final MemoryStorageProvider storage;
    public final LocalSessionRegistry sessions = new LocalSessionRegistry();
    public final EventBus events = new EventBus();
    public final StanzaRouter router;
    private final Modules modules;

    /** Starts the named modules from these factories, on a fresh store with these accounts. */
    public static MiscHarness start(List<ModuleFactory> factories, List<String> modules, String... accounts)
            throws Exception {
        MemoryStorageProvider storage = new MemoryStorageProvider();
        for (String user : accounts) {
            storage.accounts().create(BareJid.of(user, HOST), Passwords.derive("pw", 1))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        return new MiscHarness(storage, factories, modules);
    }

    /** Starts the modules on an existing store (a restart). */
    public MiscHarness(MemoryStorageProvider storage, List<ModuleFactory> factories, List<String> modules) {
        this(storage, factories, modules, UnaryOperator.identity());
    }

    /** Starts the modules on an existing store, with a configuration changed from the defaults. */
    public MiscHarness(MemoryStorageProvider storage, List<ModuleFactory> factories, List<String> modules,
            UnaryOperator<XmppdConfig> customize) {
        this.storage = storage;
        this.router = new StanzaRouter(List.of(HOST), sessions, storage.accounts(), events);
        XmppdConfig d = XmppdConfig.defaults();
        XmppdConfig config = new XmppdConfig(List.of(HOST), d.data(), d.listeners(), d.tls(), d.storage(), d.auth(),
                d.registration(), d.admins(), modules, d.limits(), d.s2s());
        this.modules = Modules.start(customize.apply(config), factories, router, events, storage);
    }

    /** Binds a session, as resource binding does. */
    public RecordingSession bind(String fullJid) {
        RecordingSession s = new RecordingSession(fullJid);
        sessions.add(s);
        events.publish(new Events.SessionBound(s));
        return s;
    }

    /** Binds a session and sends initial presence. */
    public RecordingSession online(String fullJid) throws Exception {
        RecordingSession s = bind(fullJid);
        send(s, "<presence/>");
        return s;
    }

    /** Ends a session, as a closed connection does. */
    public void close(RecordingSession s) {
        if (sessions.remove(s)) {
            events.publish(new Events.SessionClosed(s));
        }
    }

    /** Routes a stanza from a client session and waits until it was handed on. */
    public void send(RecordingSession from, String xml) throws Exception {
        router.routeFromClient(from, Stanza.parse(TestXml.parse(xml))).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Sends an IQ request and returns the reply the session received (the request must have an id). */
    public Iq iq(RecordingSession from, String xml) throws Exception {
        String id = TestXml.parse(xml).attribute("id");
        send(from, xml);
        return from.received().stream()
                .filter(s -> s instanceof Iq iq && !iq.type().isRequest() && id.equals(iq.id()))
                .map(Iq.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no reply to " + id + " in " + from.received()));
    }

    /** The condition of an error stanza. */
    public static StanzaError error(Stanza s) {
        return StanzaError.fromElement(s.element().element(s.element().namespace(), "error"));
    }

    @Override
    public void close() {
        modules.close();
    }
}
