package dev.xmppd.im.forward;

import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.router.Modules;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.testing.TestXml;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The real router with the given modules on {@code example.com}, in-memory storage (its stages complete at once, so
 * everything a test triggers has happened when the call returns) and recording sessions.
 */
public final class RouterHarness implements AutoCloseable {
    public static final String HOST = "example.com";

    public final MemoryStorageProvider storage = new MemoryStorageProvider();
    public final LocalSessionRegistry sessions = new LocalSessionRegistry();
    public final EventBus events = new EventBus();
    public final StanzaRouter router = new StanzaRouter(List.of(HOST), sessions, storage.accounts(), events);
    private final Modules modules;

    /** @param modules one supplier per module, called once (one host) */
    @SafeVarargs
    public RouterHarness(List<String> users, Supplier<? extends XmppModule>... modules) throws Exception {
        for (String user : users) {
            storage.accounts().create(BareJid.of(user, HOST), Passwords.derive("pw", 1))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        List<ModuleFactory> factories = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Supplier<? extends XmppModule> supplier : modules) {
            XmppModule module = supplier.get();
            names.add(module.name());
            factories.add(new ModuleFactory() {
                @Override
                public String name() {
                    return module.name();
                }

                @Override
                public XmppModule create() {
                    return module;
                }
            });
        }
        XmppdConfig d = XmppdConfig.defaults();
        XmppdConfig config = new XmppdConfig(List.of(HOST), d.data(), d.listeners(), d.tls(), d.storage(),
                d.auth(), d.registration(), d.admins(), names, d.limits(), d.s2s());
        this.modules = Modules.start(config, factories, router, events, storage);
    }

    /** Binds a resource (not yet available). */
    public RecordingSession bind(String fullJid) {
        RecordingSession s = new RecordingSession(fullJid);
        sessions.add(s);
        events.publish(new Events.SessionBound(s));
        return s;
    }

    /** Binds a resource and sends initial presence with this priority. */
    public RecordingSession online(String fullJid, int priority) throws Exception {
        RecordingSession s = bind(fullJid);
        send(s, "<presence><priority>" + priority + "</priority></presence>");
        s.clear();
        return s;
    }

    /** Ends a session as the c2s layer does. */
    public void close(RecordingSession s) {
        if (sessions.remove(s)) {
            events.publish(new Events.SessionClosed(s));
        }
    }

    /** Routes what a client sends, as the c2s layer does. */
    public void send(RecordingSession from, String xml) throws Exception {
        router.routeFromClient(from, stanza(xml)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    public static Stanza stanza(String xml) {
        return Stanza.parse(TestXml.parse(xml));
    }

    public static BareJid bare(String jid) {
        return Jid.parse(jid).bare();
    }

    @Override
    public void close() {
        modules.close();
        storage.close();
    }
}
