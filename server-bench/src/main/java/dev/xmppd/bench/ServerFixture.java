package dev.xmppd.bench;

import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.router.Modules;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real router and module lifecycle on host {@code example.com} with in-memory storage, and users
 * {@code user0..user(n-1)@example.com} each bound as one {@link CountingSession} (resource {@code r}) that has sent
 * initial presence, as a logged-in client would have.
 */
final class ServerFixture implements AutoCloseable {
    static final String HOST = "example.com";

    final Deliveries deliveries = new Deliveries();
    final LocalSessionRegistry sessions = new LocalSessionRegistry();
    final EventBus events = new EventBus();
    final MemoryStorageProvider storage = new MemoryStorageProvider();
    final StanzaRouter router = new StanzaRouter(List.of(HOST), sessions, storage.accounts(), events);
    final List<CountingSession> users = new ArrayList<>();
    private final Modules modules;

    ServerFixture(List<ModuleFactory> factories, int userCount) throws Exception {
        XmppdConfig d = XmppdConfig.defaults();
        List<String> names = factories.stream().map(ModuleFactory::name).toList();
        XmppdConfig config = new XmppdConfig(List.of(HOST), d.data(), d.listeners(), d.tls(), d.storage(), d.auth(),
                d.registration(), d.admins(), names, d.limits(), d.s2s());
        modules = Modules.start(config, factories, router, events, storage);
        var password = Passwords.derive("pw", 1);
        for (int i = 0; i < userCount; i++) {
            BareJid user = BareJid.of("user" + i, HOST);
            storage.accounts().create(user, password).toCompletableFuture().get(5, TimeUnit.SECONDS);
            CountingSession s = new CountingSession(FullJid.of(user.local(), HOST, "r"), deliveries);
            sessions.add(s);
            events.publish(new Events.SessionBound(s));
            send(s, "<presence><priority>1</priority></presence>");
            users.add(s);
        }
    }

    /** Routes a stanza from a session and waits until the router handed it on. */
    void send(CountingSession from, String xml) throws Exception {
        router.routeFromClient(from, ClientXml.stanza(xml)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    void send(CountingSession from, Stanza stanza) throws Exception {
        router.routeFromClient(from, stanza).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        modules.close();
    }
}
