package dev.xmppd.im.adhoc;

import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.config.AuthConfig;
import dev.xmppd.core.config.RegistrationConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.disco.DiscoModule;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.router.Modules;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The real router and module lifecycle on {@code example.com} with the disco module first, then the given modules,
 * in-memory storage and recording sessions. Stages of the memory store complete at once; password derivation runs
 * on the modules' own threads, so calls wait for the router's stage.
 */
public final class ModuleHarness implements AutoCloseable {
    public static final String HOST = "example.com";
    /** The fewest PBKDF2 iterations the configuration accepts; fast enough for tests. */
    public static final int ITERATIONS = 4096;

    public final MemoryStorageProvider storage = new MemoryStorageProvider();
    public final LocalSessionRegistry sessions = new LocalSessionRegistry();
    public final StanzaRouter router;
    private final Modules modules;

    /**
     * @param registration whether {@code registration.enabled} is set
     * @param admins the {@code admins:} list
     * @param modules the modules after disco, in order
     */
    @SafeVarargs
    public ModuleHarness(boolean registration, List<String> admins, Supplier<? extends XmppModule>... modules) {
        EventBus events = new EventBus();
        router = new StanzaRouter(List.of(HOST), sessions, storage.accounts(), events);
        List<ModuleFactory> factories = new ArrayList<>();
        factories.add(factory(DiscoModule::new));
        for (Supplier<? extends XmppModule> m : modules) {
            factories.add(factory(m));
        }
        XmppdConfig d = XmppdConfig.defaults();
        XmppdConfig config = new XmppdConfig(List.of(HOST), d.data(), d.listeners(), d.tls(), d.storage(),
                new AuthConfig(false, ITERATIONS, 3), new RegistrationConfig(registration), admins,
                factories.stream().map(ModuleFactory::name).toList(), d.limits(), d.s2s());
        this.modules = Modules.start(config, factories, router, events, storage);
    }

    private static ModuleFactory factory(Supplier<? extends XmppModule> supplier) {
        String name = supplier.get().name();
        return new ModuleFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public XmppModule create() {
                return supplier.get();
            }
        };
    }

    public void addUser(String local, String password) throws Exception {
        storage.accounts().create(BareJid.of(local, HOST), Passwords.derive(password, ITERATIONS))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public boolean exists(String local) throws Exception {
        return storage.accounts().exists(BareJid.of(local, HOST)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Whether the account's stored credentials match this password. */
    public boolean passwordIs(String local, String password) throws Exception {
        var account = storage.accounts().find(BareJid.of(local, HOST)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).orElseThrow();
        return account.credentials().values().stream().allMatch(c -> Passwords.verify(password, c));
    }

    /** A bound session of a local account. */
    public RecordingSession connect(String fullJid) {
        RecordingSession c = new RecordingSession(fullJid);
        sessions.add(c);
        return c;
    }

    /** Sends a stanza from a bound client and returns the IQ reply with the same id. */
    public Iq send(RecordingSession from, String xml) throws Exception {
        Stanza s = Stanza.parse(TestXml.parse(xml));
        router.routeFromClient(from, s).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return from.reply(s.id());
    }

    /** Sends an IQ on a stream before authentication and returns the reply. */
    public Iq sendUnauthenticated(String xml, String origin) throws Exception {
        Iq iq = (Iq) Stanza.parse(TestXml.parse(xml));
        return router.handleUnauthenticated(HOST, iq, origin).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Whether a module offers this stream feature before authentication. */
    public List<XmlElement> preAuthFeatures() {
        return router.streamFeatures(HOST, dev.xmppd.core.module.StreamStage.PRE_AUTH, null);
    }

    public static StanzaError error(Iq reply) {
        XmlElement e = reply.element().element(reply.element().namespace(), "error");
        if (e == null) {
            throw new AssertionError("not an error: " + reply.element().toXml());
        }
        return StanzaError.fromElement(e);
    }

    @Override
    public void close() {
        modules.close();
    }
}
