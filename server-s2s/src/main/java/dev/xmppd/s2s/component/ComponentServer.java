package dev.xmppd.s2s.component;

import static java.util.Objects.requireNonNull;

import dev.xmppd.c2s.Listeners;
import dev.xmppd.core.config.ComponentConfig;
import dev.xmppd.core.config.ComponentsConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * External components (XEP-0114): serves each domain of {@code components} in the router, and listens for the
 * components themselves on {@code listeners.component} (5347 on 127.0.0.1 by default).
 *
 * <p>A configured domain is served from {@link #start()} on, connected or not: stanzas to it never go to
 * federation. While its component is connected they go down its stream; while it is not, messages and IQs bounce
 * with {@code service-unavailable} and presence is dropped. Each domain is an item of the hosts' disco#items
 * (on the hosts it is a subdomain of, else on all), named by {@code components.<domain>.name}; disco#info to the
 * domain goes to the component itself.
 *
 * <pre>
 * ComponentServer components = new ComponentServer(config, router, boss, workers);
 * components.start();                 // serves the domains, binds the listener when enabled
 * components.port();                  // tests bind port 0
 * components.close();                 // system-shutdown to every component, the domains no longer served
 * </pre>
 */
public final class ComponentServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ComponentServer.class);
    private static final String LISTENER = "component";

    private final XmppdConfig config;
    private final StanzaRouter router;
    private final ComponentLinks links;
    private final Listeners listeners;
    private final ChannelGroup connections = new DefaultChannelGroup("components", GlobalEventExecutor.INSTANCE);
    private final List<Runnable> served = new ArrayList<>();

    public ComponentServer(XmppdConfig config, StanzaRouter router, EventLoopGroup boss, EventLoopGroup workers) {
        this.config = requireNonNull(config, "config");
        this.router = requireNonNull(router, "router");
        this.links = new ComponentLinks(config.components().domains());
        this.listeners = new Listeners("components", boss, workers);
    }

    /**
     * Serves the configured domains and binds the listener if it is enabled.
     *
     * @throws IllegalStateException naming the key when a domain is served already (by a module such as muc), or
     *     naming the listener and address when the bind fails
     */
    public void start() {
        ComponentsConfig components = config.components();
        for (Map.Entry<String, ComponentConfig> e : components.domains().entrySet()) {
            String domain = e.getKey();
            try {
                served.add(router.serveDomain(domain, e.getValue().name(), s -> links.deliver(domain, s)));
            } catch (IllegalStateException | IllegalArgumentException ex) {
                close();
                throw new IllegalStateException("components." + domain + ": the server serves this domain already"
                        + " (a module such as muc, or a host): " + ex.getMessage(), ex);
            }
        }
        if (components.listener().enabled()) {
            listeners.bind(LISTENER, components.listener(), "no TLS: XEP-0114",
                    new ComponentChannelInitializer(links, router, config.limits(), connections));
            if (components.domains().isEmpty()) {
                log.warn("listeners.component is enabled but no component is configured (components)");
            }
        } else if (!components.domains().isEmpty()) {
            log.warn("listeners.component is disabled: the configured components {} cannot connect, and stanzas to"
                    + " them get service-unavailable", components.domains().keySet());
        }
    }

    /** The bound port, for tests that bind port 0. */
    public int port() {
        return listeners.port(LISTENER);
    }

    /** The component domains with an authenticated stream now. */
    public Set<String> connected() {
        return links.connectedDomains();
    }

    /** Stops listening, closes every component stream with {@code system-shutdown}, stops serving the domains. */
    @Override
    public void close() {
        listeners.close();
        StreamError shutdown = new StreamError(StreamErrorCondition.SYSTEM_SHUTDOWN, "the server is shutting down");
        links.links().forEach(link -> link.close(shutdown));
        connections.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        served.forEach(Runnable::run);
        served.clear();
    }
}
