package dev.xmppd.app;

import dev.xmppd.c2s.C2sServer;
import dev.xmppd.c2s.C2sServices;
import dev.xmppd.c2s.ClientLimits;
import dev.xmppd.c2s.bosh.BoshEndpoint;
import dev.xmppd.c2s.http.HttpServer;
import dev.xmppd.c2s.sasl.SaslMechanisms;
import dev.xmppd.c2s.socks5.Socks5Proxy;
import dev.xmppd.c2s.tls.TlsContexts;
import dev.xmppd.c2s.websocket.WebSocketEndpoint;
import dev.xmppd.core.auth.DisabledAccounts;
import dev.xmppd.core.bytestreams.BytestreamRelay;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.router.Modules;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.storage.StorageProvider;
import dev.xmppd.core.storage.StorageProviders;
import dev.xmppd.core.stream.Transport;
import dev.xmppd.s2s.Federation;
import dev.xmppd.s2s.component.ComponentServer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server: storage, router, modules and listeners, wired by plain constructors in {@link #start}.
 * Everything started is closed in reverse order by {@link #close}.
 */
public final class XmppServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(XmppServer.class);

    private final XmppdConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private StorageProvider storage;
    private StanzaRouter router;
    private C2sServer c2s;
    private Federation federation;
    private HttpServer http;
    private ComponentServer components;
    private Socks5Proxy socks5;
    private EventBus events;

    private XmppServer(XmppdConfig config) {
        this.config = config;
    }

    /**
     * Opens storage, starts the modules and binds every enabled listener; returns once it is serving.
     *
     * @throws dev.xmppd.core.config.ConfigException for a configuration the server cannot run with
     * @throws IllegalStateException when a listener cannot bind, naming it
     */
    public static XmppServer start(XmppdConfig config) {
        XmppServer server = new XmppServer(config);
        try {
            server.startAll();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void startAll() {
        long t0 = System.nanoTime();
        if (config.auth().plainWithoutTls()) {
            log.warn("auth.plain-without-tls is true: passwords may cross the network in clear (benchmarks only)");
        }
        storage = StorageProviders.open(config.storage());
        started.push(storage);
        LocalSessionRegistry sessions = new LocalSessionRegistry();
        events = new EventBus();
        router = new StanzaRouter(config.hosts(), sessions, storage.accounts(), events);
        Transport transport = Transport.best();
        if (transport == Transport.NIO) {
            log.info("sockets: Java NIO (native epoll not used: {})", Transport.epollUnavailabilityCause() == null
                    ? "-Dxmppd.transport=nio" : String.valueOf(Transport.epollUnavailabilityCause()));
        }
        EventLoopGroup boss = transport.newGroup(1);
        EventLoopGroup workers = transport.newGroup(0);
        started.push(() -> {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        });
        ClientLimits limits = new ClientLimits(config.limits().connectionsPerIp(), config.limits().authFailuresPerIp());
        // The XEP-0065 SOCKS5 listener exists before the modules, so that proxy65 finds it; it binds with the others.
        socks5 = config.modules().contains("proxy65")
                ? new Socks5Proxy(config.proxy65(), limits, config.limits().idleTimeout(), boss, workers) : null;
        // XEP-0133 disable-user: the admin module changes the set, SASL consults it on every login.
        DisabledAccounts disabled = DisabledAccounts.load(storage.keyValue(DisabledAccounts.STORE), config.hosts());
        Map<Class<?>, Object> serverServices = new HashMap<>();
        serverServices.put(DisabledAccounts.class, disabled);
        if (socks5 != null) {
            serverServices.put(BytestreamRelay.class, socks5);
        }
        Modules modules = Modules.start(config, ServiceLoader.load(ModuleFactory.class), router, events, storage,
                serverServices);
        started.push(modules);

        ExecutorService hashing = boundedExecutor("xmppd-auth", Math.max(1, Runtime.getRuntime().availableProcessors()));
        started.push(() -> hashing.shutdownNow());
        SslContext ssl = TlsContexts.server(config.tls(), config.data(), config.hosts());
        byte[] secret = ServerSecret.load(config.data());
        SaslMechanisms sasl = new SaslMechanisms(storage.accounts(), hashing, config.auth().plainWithoutTls(), secret,
                disabled::isDisabled);

        // Federation closes after the client listeners: the unavailable presence of closing sessions still reaches
        // remote contacts before the s2s streams end with system-shutdown.
        federation = Federation.start(config, router, secret, boss, workers);
        started.push(federation);
        router.remoteDelivery(federation);
        // External components (XEP-0114) close after the client listeners too, for the same reason.
        components = new ComponentServer(config, router, boss, workers);
        started.push(components);
        components.start();
        C2sServices clients = new C2sServices(config, router, events, sasl, ssl, limits);
        c2s = new C2sServer(clients, boss, workers);
        started.push(c2s);
        c2s.start();
        // The same client services: WebSocket streams share limits and XEP-0198 sessions with TCP ones (RFC 7395).
        http = new HttpServer(config, ssl, boss, workers, new WebSocketEndpoint(clients), new BoshEndpoint(clients));
        started.push(http);
        http.start();
        if (socks5 != null) {
            started.push(socks5);
            socks5.start();
        }
        log.info("xmppd {} serving {} (started in {} ms)", Version.current(), config.hosts(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private static ExecutorService boundedExecutor(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    public XmppdConfig config() {
        return config;
    }

    public StorageProvider storage() {
        return storage;
    }

    public StanzaRouter router() {
        return router;
    }

    /**
     * The bound port of a listener: {@code "c2s"}, {@code "c2s-tls"}, {@code "s2s"}, {@code "s2s-tls"},
     * {@code "component"}, {@code "http"}, {@code "https"} or {@code "proxy65"} (XEP-0065 SOCKS5).
     */
    public int port(String listener) {
        if (listener.equals("proxy65")) {
            if (socks5 == null) {
                throw new IllegalArgumentException("listener: proxy65 (the module proxy65 is not enabled)");
            }
            return socks5.port();
        }
        if (listener.startsWith("http")) {
            return http.port(listener);
        }
        if (listener.equals("component")) {
            return components.port();
        }
        return listener.startsWith("s2s") ? federation.port(listener) : c2s.port(listener);
    }

    /** External components (XEP-0114): which are connected ({@link ComponentServer#connected()}). */
    public ComponentServer components() {
        return components;
    }

    /** Federation: its links both ways ({@link Federation#status()}). */
    public Federation federation() {
        return federation;
    }

    /** Stops listening, closes every stream with system-shutdown, closes storage. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed.isDone()) {
            return;
        }
        if (events != null) {
            try {
                events.publish(new Events.ServerStopping()); // modules say goodbye while the listeners are open
            } catch (RuntimeException e) {
                log.warn("A module failed while the server was stopping", e);
            }
        }
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                log.warn("Failure while shutting down", e);
            }
        }
        log.info("xmppd stopped");
        closed.complete(null);
    }

    /** Completes when the server has shut down. */
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }
}
