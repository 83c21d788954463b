package dev.xmppd.c2s;

import dev.xmppd.c2s.csi.Csi;
import dev.xmppd.c2s.sm.Sm;
import dev.xmppd.c2s.sm.SmHost;
import dev.xmppd.c2s.sm.SmState;
import dev.xmppd.c2s.sm.StreamManagement;
import dev.xmppd.c2s.sm.Undelivered;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.StreamClose;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client stream, one per connection: it keeps the stream's order and life cycle and hands each element to the
 * phase it belongs to: {@link C2sNegotiation} (header, STARTTLS, SASL, binding) until a resource is bound, then
 * {@link C2sStanzas}, which also takes XEP-0352 client state nonzas; XEP-0198 elements go to
 * {@link StreamManagement}, created on the first one. Runs on the channel's event loop only.
 *
 * <p>Stanzas of one stream are handled in order (RFC 6120 §10.1): when handling one is not finished (storage, a
 * SASL step), reading pauses and what the decoder already produced waits in a small queue.
 */
final class C2sStreamHandler extends ChannelInboundHandlerAdapter implements SmHost {
    private static final Logger log = LoggerFactory.getLogger(C2sStreamHandler.class);
    private static final int MAX_QUEUED = 256;

    private final C2sServices services;
    private final StartTlsPolicy policy;
    private final boolean secureTransport;
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private C2sNegotiation negotiation;
    private C2sStanzas stanzas;
    private boolean streamOpen;
    private boolean busy;
    private boolean closing;
    private C2sSession session;
    private ScheduledFuture<?> authTimeout;
    private StreamManagement sm;

    C2sStreamHandler(C2sServices services, StartTlsPolicy policy) {
        this(services, policy, false);
    }

    /**
     * @param secureTransport true when the connection is secure before the stream starts and STARTTLS is not
     *     possible (WebSocket over https, or behind a proxy that terminated TLS)
     */
    C2sStreamHandler(C2sServices services, StartTlsPolicy policy, boolean secureTransport) {
        this.services = services;
        this.policy = policy;
        this.secureTransport = secureTransport;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.negotiation = new C2sNegotiation(services, policy, this, context);
        this.stanzas = new C2sStanzas(services, this, context);
        if (secureTransport) {
            negotiation.transportSecured();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        long timeout = services.config().limits().unauthenticatedTimeout().toMillis();
        authTimeout = context.executor().schedule(
                () -> closeStream(new StreamError(StreamErrorCondition.CONNECTION_TIMEOUT, "authentication timed out")),
                timeout, TimeUnit.MILLISECONDS);
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (closing) {
            return;
        }
        if (busy) {
            if (queued.size() >= MAX_QUEUED) {
                closeStream(new StreamError(StreamErrorCondition.POLICY_VIOLATION, "too many pipelined stanzas"));
                return;
            }
            queued.add(msg);
            return;
        }
        process(msg);
    }

    private void process(Object msg) {
        CompletionStage<?> pending = null;
        try {
            if (msg instanceof XmlElement e) {
                pending = onElement(e);
            } else if (msg instanceof StreamOpen open) {
                onOpen(open);
            } else if (msg instanceof StreamError error) {
                log.info("Client {} sent bad input: {}", remote(), error.text() == null
                        ? error.condition().elementName() : error.condition().elementName() + ": " + error.text());
                closeStream(error);
            } else if (msg == StreamClose.INSTANCE) {
                closeStream(null);
            }
        } catch (RuntimeException e) {
            log.error("Internal error on the stream of {}", remote(), e);
            closeStream(StreamError.of(StreamErrorCondition.INTERNAL_SERVER_ERROR));
        }
        if (pending != null && !pending.toCompletableFuture().isDone()) {
            busy = true;
            ctx.channel().config().setAutoRead(false);
            pending.whenComplete((r, t) -> ctx.executor().execute(this::resume));
        }
    }

    private void resume() {
        busy = false;
        while (!busy && !closing && !queued.isEmpty()) {
            process(queued.poll());
        }
        InboundRateLimiter limiter = ctx.pipeline().get(InboundRateLimiter.class);
        if (!busy && !closing && (limiter == null || !limiter.isPaused())) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** The bound session, or {@code null} before binding. */
    C2sSession session() {
        return session;
    }

    /** True between the peer's stream header and the end of the stream. */
    boolean isStreamOpen() {
        return streamOpen && !closing;
    }

    /** True while a stanza is being handled asynchronously and reading is paused for it. */
    boolean isBusy() {
        return busy;
    }

    private void onOpen(StreamOpen open) {
        streamOpen = true;
        negotiation.onOpen(open);
    }

    private CompletionStage<?> onElement(XmlElement e) {
        if (!streamOpen) {
            closeStream(StreamError.of(StreamErrorCondition.NOT_AUTHORIZED));
            return null;
        }
        if (Sm.NS.equals(e.namespace())) {
            if (sm == null) {
                sm = new StreamManagement(services.sm(), this, ctx);
            }
            sm.onElement(e, session, negotiation.account());
            return null;
        }
        if (Csi.NS.equals(e.namespace()) && negotiation.account() != null) {
            stanzas.onClientState(e);
            return null;
        }
        if (session != null) {
            return onStanza(e);
        }
        return negotiation.onElement(e);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (hs.isSuccess()) {
                negotiation.tlsEstablished();
            } else {
                log.info("TLS handshake with {} failed: {}", remote(), hs.cause().getMessage());
                context.close();
            }
        }
        context.fireUserEventTriggered(evt);
    }

    private CompletionStage<?> onStanza(XmlElement e) {
        if (!Stanza.isStanza(e)) {
            closeStream(new StreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE,
                    "unexpected <" + e.name() + "/>"));
            return null;
        }
        if (sm != null) {
            sm.handled();
        }
        return stanzas.onStanza(session, e);
    }

    /** Ends the stream: the error if any, the closing tag, then the connection (RFC 6120 §4.4). */
    @Override
    public void closeStream(StreamError error) {
        if (closing) {
            return;
        }
        closing = true;
        if (sm != null) {
            sm.streamClosing(error);
        }
        queued.clear();
        if (!streamOpen && ctx.channel().isActive() && error != null) {
            // RFC 6120 §4.9.1.2: open a stream first so the error can be read.
            String host = negotiation.host();
            ctx.write(new StreamOpen(Namespaces.CLIENT, null, host != null ? host : services.config().hosts().get(0),
                    UUID.randomUUID().toString(), "1.0", "en", false));
        }
        if (error != null) {
            ctx.write(error);
        }
        ctx.writeAndFlush(StreamClose.INSTANCE).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        closing = true;
        cancelAuthTimeout();
        if (session != null) {
            List<Undelivered> unsent = stanzas.unsent();
            if (sm == null || !sm.connectionLost(unsent)) {
                endSession();
                services.sm().redeliverUnsent(session.jid(), unsent);
            }
        }
        context.fireChannelInactive();
    }

    @Override
    public void endSession() {
        if (services.router().sessions().remove(session)) {
            log.info("Closed {}", session.jid());
            services.events().publish(new Events.SessionClosed(session));
        }
        if (sm != null) {
            sm.sessionEnded();
        }
    }

    @Override
    public void adopt(SmState state) {
        C2sSession resumed = (C2sSession) state.session();
        if (resumed != session) {
            resumed.reattach(ctx.channel());
            session = resumed;
            cancelAuthTimeout();
            stanzas.attach(resumed);
        }
        resumed.manage(state);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (hasCause(cause, SSLException.class) && FileDescriptors.PROCESS.reportIfExhausted(remote())) {
            // Conscrypt could not open its pipe pair: logged (once a minute) with the limit to raise.
            log.debug("TLS with {} failed for lack of file descriptors: {}", remote(), cause.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("Connection to {} failed: {}", remote(), cause.getMessage());
        } else {
            log.warn("Unexpected failure on the connection from {}", remote(), cause);
        }
        context.close();
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The stream restarts (after STARTTLS or SASL, RFC 6120 §5.4.3.3, §6.4.6): a new header is due. */
    void restarting() {
        streamOpen = false;
    }

    /** A resource is bound: from now on the stream carries {@code bound}'s stanzas. */
    void bound(C2sSession bound) {
        session = bound;
        cancelAuthTimeout();
        stanzas.attach(bound);
    }

    /** Cancels and forgets the authentication timer, which a long-lived session would otherwise keep in memory. */
    private void cancelAuthTimeout() {
        if (authTimeout != null) {
            authTimeout.cancel(false);
            authTimeout = null;
        }
    }

    /** True once the stream is ending: nothing more is read or answered. */
    boolean isClosing() {
        return closing;
    }

    Object remote() {
        return ctx.channel().remoteAddress();
    }
}
