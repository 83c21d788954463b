package dev.xmppd.s2s;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.config.ConfigException;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.router.RemoteDelivery;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.Transport;
import dev.xmppd.s2s.auth.PkixPeerCertificates;
import dev.xmppd.s2s.dialback.DialbackKeys;
import dev.xmppd.s2s.dns.DnsS2sResolver;
import dev.xmppd.s2s.in.InboundLink;
import dev.xmppd.s2s.in.S2sServer;
import dev.xmppd.s2s.out.OutboundLinks;
import dev.xmppd.s2s.tls.S2sTlsContexts;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Federation as the rest of the server sees it: the router's {@link RemoteDelivery}, the s2s listeners, and
 * everything closed in reverse order on {@link #close()}.
 *
 * <pre>
 * Federation federation = Federation.start(config, router, secret, boss, workers);
 * router.remoteDelivery(federation);
 * federation.port("s2s");        // the bound port, for tests on port 0
 * federation.status();           // outbound and inbound links, with how each authenticated
 * </pre>
 *
 * <p>Outbound links work without the listeners, but a peer verifies our dialback key by connecting back to us
 * (XEP-0220 §2.1.3): with both listeners disabled only peers that accept our certificate (SASL EXTERNAL) can be
 * reached, which a warning says at start-up.
 */
public final class Federation implements RemoteDelivery, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Federation.class);

    /**
     * What {@link #status()} reports: every authenticated or pending link, each way. A bidirectional stream (XEP-0288)
     * shows on the initiator as its outbound link with {@code bidi} set, and on the receiver as an inbound link plus
     * an outbound line in state {@link OutboundLinks#PEER_STREAM}: the receiver has no connection of its own.
     */
    public record Status(List<OutboundLinks.LinkStatus> outbound, List<InboundLink> inbound) {
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private OutboundLinks outbound;
    private S2sServer inbound;

    private Federation() {
    }

    /**
     * Builds the shared services, the outbound links and the listeners, and binds the enabled listeners.
     *
     * @param secret the server secret; dialback keys are derived from it (XEP-0185)
     * @param boss the event loop group accepting connections
     * @param workers the event loop group of every s2s connection, both ways
     * @throws ConfigException for an unreadable {@code s2s.ca} file or TLS material, or an invalid route
     * @throws IllegalStateException when a listener cannot bind, naming it
     */
    public static Federation start(XmppdConfig config, StanzaRouter router, byte[] secret, EventLoopGroup boss,
            EventLoopGroup workers) {
        requireNonNull(config, "config");
        Federation f = new Federation();
        try {
            f.startAll(config, router, secret, boss, workers);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    private void startAll(XmppdConfig config, StanzaRouter router, byte[] secret, EventLoopGroup boss,
            EventLoopGroup workers) {
        DnsS2sResolver resolver;
        try {
            resolver = new DnsS2sResolver(workers.next(), Transport.of(workers).datagramChannel(), config.s2s().routes());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        started.push(resolver);
        S2sServices services = new S2sServices(config, router, new DialbackKeys(secret),
                new PkixPeerCertificates(config.s2s().ca()), resolver,
                S2sTlsContexts.create(config.tls(), config.data(), config.hosts()));
        outbound = new OutboundLinks(services, workers);
        started.push(outbound);
        inbound = new S2sServer(services, outbound, outbound, boss, workers);
        started.push(inbound);
        inbound.start();
        boolean listening = config.listeners().s2s().enabled() || config.listeners().s2sTls().enabled();
        if (!listening && config.s2s().dialbackAllowed()) {
            log.warn("s2s: listeners.s2s and listeners.s2s-tls are disabled: peers cannot verify our dialback keys,"
                    + " so only servers that accept our certificate (SASL EXTERNAL) can be reached");
        }
        log.info("s2s: federation on (s2s.auth: {}, {} static route(s))", config.s2s().auth(),
                config.s2s().routes().size());
    }

    /** Sends a stanza to another domain over its outbound link; bounces it if that cannot be done. */
    @Override
    public void deliver(Stanza stanza) {
        outbound.deliver(stanza);
    }

    /** The bound port of {@code s2s} or {@code s2s-tls}. */
    public int port(String listener) {
        return inbound.port(listener);
    }

    /** The links now, both ways (a snapshot). */
    public Status status() {
        return new Status(outbound.status(), inbound.streams().links());
    }

    /** Stops the listeners, closes every stream with {@code system-shutdown}, bounces what is queued. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                log.warn("s2s: failure while shutting down: {}", e.toString());
            }
        }
    }
}
