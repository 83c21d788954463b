package dev.xmppd.core.router;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.config.ConfigException;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.ComponentHandler;
import dev.xmppd.core.module.DiscoInfo;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.module.IqHandler;
import dev.xmppd.core.module.MessageDeliveredListener;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.Phase;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.StanzaHandler;
import dev.xmppd.core.module.StreamStage;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.storage.StorageProvider;
import dev.xmppd.core.xml.XmlElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.xml.namespace.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enabled modules of every host: created from their factories in configuration order, configured through a
 * recording {@link ModuleContext}, and closed in reverse order with every registration undone.
 */
public final class Modules implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Modules.class);

    private final List<Loaded> loaded = new ArrayList<>();
    private final StanzaRouter router;

    private Modules(StanzaRouter router) {
        this.router = router;
    }

    private record Loaded(XmppModule module, Context context) {
    }

    /**
     * Creates and configures the modules named in {@code config.modules()} on every host.
     *
     * @throws ConfigException if a name matches no available module
     */
    public static Modules start(XmppdConfig config, Iterable<ModuleFactory> available, StanzaRouter router,
            EventBus events, StorageProvider storage) {
        return start(config, available, router, events, storage, Map.of());
    }

    /**
     * As {@link #start(XmppdConfig, Iterable, StanzaRouter, EventBus, StorageProvider)}, with services the server
     * itself offers every module through {@link ModuleContext#optional} (e.g. the XEP-0065 SOCKS5 listener), by type.
     */
    public static Modules start(XmppdConfig config, Iterable<ModuleFactory> available, StanzaRouter router,
            EventBus events, StorageProvider storage, Map<Class<?>, Object> serverServices) {
        Map<String, ModuleFactory> byName = new LinkedHashMap<>();
        available.forEach(f -> byName.put(f.name(), f));
        Modules modules = new Modules(router);
        if (config.modules().stream().distinct().count() != config.modules().size()) {
            throw new ConfigException("modules: a module is listed twice in " + config.modules());
        }
        for (String name : config.modules()) {
            ModuleFactory factory = byName.get(name);
            if (factory == null) {
                throw new ConfigException("modules: unknown module '" + name + "' (expected one of: "
                        + String.join(", ", byName.keySet()) + ")");
            }
            for (String host : config.hosts()) {
                XmppModule module = factory.create();
                Context ctx = new Context(host, config, router, events, storage, serverServices);
                module.configure(ctx);
                modules.loaded.add(new Loaded(module, ctx));
            }
        }
        for (Loaded l : modules.loaded) {
            for (Class<?> needed : l.context().required) {
                if (router.routes(l.context().host).service(needed) == null) {
                    throw new ConfigException("modules: '" + l.module().name() + "' needs a module that provides "
                            + needed.getSimpleName() + " (is it missing from modules: " + config.modules() + "?)");
                }
            }
        }
        log.info("Modules enabled on {}: {}", config.hosts(), config.modules());
        return modules;
    }

    @Override
    public void close() {
        List<Loaded> reversed = new ArrayList<>(loaded);
        Collections.reverse(reversed);
        for (Loaded l : reversed) {
            try {
                l.module().close();
            } catch (RuntimeException e) {
                log.warn("Module {} failed to close", l.module().name(), e);
            }
            l.context().undo();
        }
        loaded.clear();
        router.cancelRequests();
    }

    /** Records each registration so that {@link #undo} removes it. */
    private static final class Context implements ModuleContext {
        private final String host;
        private final XmppdConfig config;
        private final StanzaRouter router;
        private final HostRoutes routes;
        private final EventBus events;
        private final StorageProvider storage;
        private final Map<Class<?>, Object> serverServices;
        private final List<Runnable> undo = new ArrayList<>();
        private final List<Class<?>> required = new ArrayList<>();

        Context(String host, XmppdConfig config, StanzaRouter router, EventBus events, StorageProvider storage,
                Map<Class<?>, Object> serverServices) {
            this.host = host;
            this.config = config;
            this.router = router;
            this.routes = router.routes(host);
            this.events = events;
            this.storage = storage;
            this.serverServices = Map.copyOf(serverServices);
        }

        void undo() {
            undo.forEach(Runnable::run);
            undo.clear();
        }

        @Override
        public String host() {
            return host;
        }

        @Override
        public XmppdConfig config() {
            return config;
        }

        @Override
        public void iq(IqType type, QName payload, RouteScope scope, IqHandler handler) {
            if (!type.isRequest()) {
                throw new IllegalArgumentException("type: " + type + " (expected: GET or SET)");
            }
            undo.add(routes.addIq(new HostRoutes.IqKey(type, payload, scope), requireNonNull(handler, "handler")));
        }

        @Override
        public void onMessage(Phase phase, StanzaHandler<Message> handler) {
            List<StanzaHandler<Message>> list = routes.messageHandlers(phase);
            list.add(requireNonNull(handler, "handler"));
            undo.add(() -> list.remove(handler));
        }

        @Override
        public void onPresence(Phase phase, StanzaHandler<Presence> handler) {
            List<StanzaHandler<Presence>> list = routes.presenceHandlers(phase);
            list.add(requireNonNull(handler, "handler"));
            undo.add(() -> list.remove(handler));
        }

        @Override
        public void onIq(Phase phase, StanzaHandler<Iq> handler) {
            if (phase != Phase.PRE_ROUTE && phase != Phase.FILTER) {
                throw new IllegalArgumentException("phase: " + phase + " (expected: PRE_ROUTE or FILTER for IQs)");
            }
            List<StanzaHandler<Iq>> list = routes.iqHandlers(phase);
            list.add(requireNonNull(handler, "handler"));
            undo.add(() -> list.remove(handler));
        }

        @Override
        public void rewriteMessage(Phase phase, UnaryOperator<Message> rewriter) {
            List<UnaryOperator<Message>> list = routes.messageRewriters(phase);
            list.add(requireNonNull(rewriter, "rewriter"));
            undo.add(() -> list.remove(rewriter));
        }

        @Override
        public void rewritePresence(Phase phase, UnaryOperator<Presence> rewriter) {
            List<UnaryOperator<Presence>> list = routes.presenceRewriters(phase);
            list.add(requireNonNull(rewriter, "rewriter"));
            undo.add(() -> list.remove(rewriter));
        }

        @Override
        public void onLocalMessage(UnaryOperator<Message> rewriter) {
            List<UnaryOperator<Message>> list = routes.localMessageRewriters();
            list.add(requireNonNull(rewriter, "rewriter"));
            undo.add(() -> list.remove(rewriter));
        }

        @Override
        public void onMessageDelivered(MessageDeliveredListener listener) {
            List<MessageDeliveredListener> list = routes.deliveredListeners();
            list.add(requireNonNull(listener, "listener"));
            undo.add(() -> list.remove(listener));
        }

        @Override
        public <T> void provide(Class<T> type, T service) {
            undo.add(routes.provide(type, requireNonNull(service, "service")));
        }

        @Override
        public <T> Supplier<T> require(Class<T> type) {
            required.add(type);
            return () -> {
                Object service = routes.service(type);
                if (service == null) {
                    throw new IllegalStateException("no module provides " + type.getSimpleName() + " on " + host);
                }
                return type.cast(service);
            };
        }

        @Override
        public <T> Supplier<Optional<T>> optional(Class<T> type) {
            return () -> {
                Object service = routes.service(type);
                return Optional.ofNullable(service != null ? service : serverServices.get(type)).map(type::cast);
            };
        }

        @Override
        public void feature(String var) {
            undo.add(routes.addFeature(requireNonNull(var, "var")));
        }

        @Override
        public void identity(String category, String type, String name) {
            undo.add(routes.addIdentity(new DiscoInfo.Identity(category, type, name)));
        }

        @Override
        public void discoForm(XmlElement form) {
            undo.add(routes.addForm(requireNonNull(form, "form")));
        }

        @Override
        public void component(String domain, String name, ComponentHandler handler) {
            undo.add(router.addComponent(domain, requireNonNull(handler, "handler")));
            undo.add(routes.addItem(new DiscoInfo.Item(domain, name)));
        }

        @Override
        public void streamFeature(StreamStage stage, Function<Session, XmlElement> feature) {
            undo.add(routes.addStreamFeature(stage, feature));
        }

        @Override
        public <E> void on(Class<E> eventType, Consumer<? super E> listener) {
            undo.add(events.subscribe(eventType, listener));
        }

        @Override
        public void publish(Object event) {
            events.publish(event);
        }

        @Override
        public void send(Stanza stanza) {
            if (stanza.from() == null) {
                throw new IllegalArgumentException("stanza without from: " + stanza.element());
            }
            router.route(stanza);
        }

        @Override
        public CompletionStage<Iq> request(IqType type, Jid to, XmlElement payload, Duration timeout) {
            return router.request(host, type, requireNonNull(to, "to"), requireNonNull(payload, "payload"),
                    requireNonNull(timeout, "timeout"));
        }

        @Override
        public CompletionStage<Iq> request(BareJid from, IqType type, Jid to, XmlElement payload, Duration timeout) {
            if (!from.domain().equals(host)) {
                throw new IllegalArgumentException("from: " + from + " (expected: " + host + " or an account of it)");
            }
            return router.request(from, type, requireNonNull(to, "to"), requireNonNull(payload, "payload"),
                    requireNonNull(timeout, "timeout"));
        }

        @Override
        public SessionRegistry sessions() {
            return router.sessions();
        }

        @Override
        public StorageProvider storage() {
            return storage;
        }

        @Override
        public DiscoInfo discoInfo() {
            return routes;
        }
    }
}
