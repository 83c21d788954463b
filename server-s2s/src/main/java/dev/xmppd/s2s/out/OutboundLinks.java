package dev.xmppd.s2s.out;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.router.RemoteDelivery;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stream.Transport;
import dev.xmppd.s2s.BidiRoutes;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.S2sServices;
import dev.xmppd.s2s.dialback.DialbackVerifier;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * All outbound links, one per (local, remote) domain pair, created on first use: stanzas from
 * {@code a.example} and from {@code conference.a.example} to {@code b.example} travel on two streams, each
 * authenticated for its own pair (no piggybacking). The router's {@link RemoteDelivery} and the inbound side's
 * {@link DialbackVerifier} are both served here.
 *
 * <p>XEP-0288: a peer's inbound stream made bidirectional registers itself ({@link BidiRoutes}) as the route for
 * the pair it authenticated; while it is open, stanzas for that pair go out on it and no link of ours is opened.
 * Dialback verifications never use it (XEP-0288 §2: a key is not verified on the connection that carried it), and
 * a link of ours that already exists keeps its queue; new stanzas take the peer's stream.
 *
 * <pre>
 * OutboundLinks links = new OutboundLinks(services, workers);
 * router.remoteDelivery(links);          // stanzas to other domains
 * inbound = new S2sServer(services, links, ...);   // db:verify on our own stream to the authoritative server
 * </pre>
 */
public final class OutboundLinks implements RemoteDelivery, DialbackVerifier, BidiRoutes, AutoCloseable {

    /** State of a route carried by the peer's bidirectional inbound stream (no link of ours). */
    public static final String PEER_STREAM = "PEER_STREAM";

    /**
     * One line of {@link #status()}.
     *
     * @param state {@code IDLE}, {@code CONNECTING}, {@code AUTHENTICATED}, {@code CLOSED} for a link of ours, or
     *     {@link #PEER_STREAM} for a route over the peer's bidirectional stream
     * @param bidi the stream carries both directions (XEP-0288)
     */
    public record LinkStatus(DomainPair pair, String state, String method, boolean bidi) {

        /** A one-way link. */
        public LinkStatus(DomainPair pair, String state, String method) {
            this(pair, state, method, false);
        }
    }

    private final S2sServices services;
    private final EventLoopGroup loops;
    private final OutboundConnector connector;
    private final Map<DomainPair, OutboundLink> links = new ConcurrentHashMap<>();
    private final Map<DomainPair, PeerStream> peerStreams = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param loops the event loops the outbound connections run on (the server's workers) */
    public OutboundLinks(S2sServices services, EventLoopGroup loops) {
        this.services = requireNonNull(services, "services");
        this.loops = requireNonNull(loops, "loops");
        this.connector = new OutboundConnector(services, Transport.of(loops));
    }

    /**
     * Sends a stanza to its remote domain. Its {@code from} and {@code to} are set (the router guarantees it); a
     * stanza from a domain we do not serve bounces: we could not authenticate as its sender.
     */
    @Override
    public void deliver(Stanza stanza) {
        String local = stanza.from() == null ? null : stanza.from().domain();
        if (local == null || stanza.to() == null || !services.router().servesDomain(local)) {
            services.router().bounce(stanza, StanzaError.of(Condition.NOT_ALLOWED,
                    "only stanzas from domains served here can be sent to other servers"));
            return;
        }
        if (closed) {
            services.router().bounce(stanza, StanzaError.of(Condition.REMOTE_SERVER_TIMEOUT,
                    "the server is shutting down"));
            return;
        }
        DomainPair pair = new DomainPair(local, stanza.to().domain());
        PeerStream peer = peerStreams.get(pair);
        if (peer != null && peer.send(stanza, services.router())) {
            return;
        }
        link(pair).send(stanza);
    }

    @Override
    public void register(DomainPair pair, Channel stream, String method) {
        peerStreams.put(pair, new PeerStream(pair, stream, method, services.config().s2s().queueStanzas()));
    }

    @Override
    public void unregister(DomainPair pair, Channel stream) {
        peerStreams.computeIfPresent(pair, (p, route) -> route.channel() == stream ? null : route);
    }

    @Override
    public CompletionStage<Boolean> verify(String receiving, String originating, String streamId, String key) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the server is shutting down"));
        }
        return link(new DomainPair(receiving, originating)).verify(streamId, key);
    }

    /**
     * Every link and its state, e.g. {@code a.test -> b.test AUTHENTICATED (SASL EXTERNAL)}, and every route over a
     * peer's bidirectional stream ({@link #PEER_STREAM}).
     */
    public List<LinkStatus> status() {
        List<LinkStatus> status = new ArrayList<>();
        links.values().forEach(l -> status.add(new LinkStatus(l.pair(), l.state().name(), l.method(), l.bidi())));
        peerStreams.forEach((pair, peer) -> status.add(new LinkStatus(pair, PEER_STREAM, peer.method(), true)));
        return status;
    }

    private OutboundLink link(DomainPair pair) {
        return links.computeIfAbsent(pair, p -> new OutboundLink(p, connector, loops.next()));
    }

    /** Closes every stream with system-shutdown, waiting briefly for the closes to be written. */
    @Override
    public void close() {
        closed = true;
        List<ChannelFuture> closing = new ArrayList<>();
        for (OutboundLink link : links.values()) {
            ChannelFuture f = link.shutdown();
            if (f != null) {
                closing.add(f);
            }
        }
        for (ChannelFuture f : closing) {
            f.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        connector.close();
    }
}
