package dev.xmppd.c2s;

import dev.xmppd.c2s.bind.ResourceBinding;
import dev.xmppd.c2s.sasl.ChannelBinding;
import dev.xmppd.c2s.sasl.SaslStep;
import dev.xmppd.c2s.sm.Sm;
import dev.xmppd.c2s.sm.SmHost;
import dev.xmppd.c2s.sm.SmState;
import dev.xmppd.c2s.sm.StreamManagement;
import dev.xmppd.c2s.tls.TlsChannelBinding;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.stream.StreamClose;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client stream state machine, one per connection: stream header, STARTTLS (RFC 6120 §5), SASL (§6), resource
 * binding (§7), then stanzas to the router. Runs on the channel's event loop only.
 *
 * <p>Stanzas of one stream are handled in order (RFC 6120 §10.1): when handling one is not finished (storage, a
 * SASL step), reading pauses and what the decoder already produced waits in a small queue.
 *
 * <p>XEP-0198 stream management lives in {@link StreamManagement}, created on the first element in its namespace.
 */
final class C2sStreamHandler extends ChannelInboundHandlerAdapter implements SmHost {
    private static final Logger log = LoggerFactory.getLogger(C2sStreamHandler.class);
    private static final int MAX_QUEUED = 256;

    private final C2sServices services;
    private final StartTlsPolicy policy;
    private final SaslExchange sasl;
    private final ResourceBinding binding = new ResourceBinding();
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private String host;
    private boolean streamOpen;
    private boolean secure;
    private boolean busy;
    private boolean closing;
    private ChannelBinding channelBinding = ChannelBinding.NONE;
    private BareJid account;
    private C2sSession session;
    private int authFailures;
    private ScheduledFuture<?> authTimeout;
    private StreamManagement sm;

    C2sStreamHandler(C2sServices services, StartTlsPolicy policy) {
        this.services = services;
        this.policy = policy;
        this.sasl = new SaslExchange(services.sasl());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
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
        String requested = open.to() == null ? services.config().hosts().get(0) : normalizeHost(open.to());
        String first = host;
        if (host == null && services.router().isLocal(requested)) {
            host = requested;
        }
        ctx.write(new StreamOpen(Namespaces.CLIENT, validJid(open.from()), host != null ? host : first,
                UUID.randomUUID().toString(), "1.0", "en", false));
        streamOpen = true;
        if (host == null || !host.equals(requested)) {
            // RFC 6120 §4.9.3.6: we do not serve that domain (or it changed across a restart).
            closeStream(new StreamError(StreamErrorCondition.HOST_UNKNOWN, "this server does not serve " + requested));
            return;
        }
        ctx.writeAndFlush(account == null
                ? C2sFeatures.preAuth(services, host, secure, policy, channelBinding)
                : C2sFeatures.postAuth(services, host));
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
            sm.onElement(e, session, account);
            return null;
        }
        if (session != null) {
            return onStanza(e);
        }
        if (account == null) {
            if (e.is(Namespaces.TLS, "starttls")) {
                startTls();
                return null;
            }
            if (Namespaces.SASL.equals(e.namespace())) {
                return onSasl(e);
            }
            if (e.is(Namespaces.CLIENT, "iq") && (secure || policy == StartTlsPolicy.OPTIONAL)) {
                return onUnauthenticatedIq(e); // XEP-0077 registration before login
            }
        } else if (e.is(Namespaces.CLIENT, "iq")) {
            return onBind(e);
        }
        // RFC 6120 §6.4.? / §4.9.3.12: no stanzas before authentication and binding.
        closeStream(Stanza.isStanza(e) ? StreamError.of(StreamErrorCondition.NOT_AUTHORIZED)
                : new StreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "unexpected <" + e.name() + "/>"));
        return null;
    }

    private void startTls() {
        if (secure || services.ssl() == null) {
            // RFC 6120 §5.4.2.2: failure, then close the stream.
            ctx.write(XmlElement.empty(Namespaces.TLS, "failure"));
            closeStream(null);
            return;
        }
        if (FileDescriptors.PROCESS.exhaustedForTls(remote())) {
            // RFC 6120 §5.4.2.2 failure; §4.9.3.17: the server lacks the resources to serve the stream.
            ctx.write(XmlElement.empty(Namespaces.TLS, "failure"));
            closeStream(new StreamError(StreamErrorCondition.RESOURCE_CONSTRAINT,
                    "the server has no file descriptors left for TLS"));
            return;
        }
        ctx.writeAndFlush(XmlElement.empty(Namespaces.TLS, "proceed"));
        SslHandler tls = services.ssl().newHandler(ctx.alloc());
        if (ctx.pipeline().get("rate") != null) {
            ctx.pipeline().addAfter("rate", "tls", tls); // the rate limit counts bytes on the wire
        } else {
            ctx.pipeline().addFirst("tls", tls);
        }
        streamOpen = false;
        ctx.pipeline().get(XmppStreamDecoder.class).restartAfterTls();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (hs.isSuccess()) {
                secure = true;
                channelBinding = TlsChannelBinding.of(context.pipeline().get(SslHandler.class));
            } else {
                log.info("TLS handshake with {} failed: {}", remote(), hs.cause().getMessage());
                context.close();
            }
        }
        context.fireUserEventTriggered(evt);
    }

    private CompletionStage<?> onSasl(XmlElement e) {
        if (!secure && policy == StartTlsPolicy.REQUIRED) {
            ctx.writeAndFlush(SaslExchange.answer(new SaslStep.Failure(
                    dev.xmppd.c2s.sasl.SaslFailure.ENCRYPTION_REQUIRED, "use STARTTLS first")));
            return null;
        }
        if (services.limits().isBlocked(address())) {
            ctx.write(SaslExchange.answer(new SaslStep.Failure(
                    dev.xmppd.c2s.sasl.SaslFailure.TEMPORARY_AUTH_FAILURE, "too many failed attempts")));
            closeStream(new StreamError(StreamErrorCondition.POLICY_VIOLATION, "too many failed authentications"));
            return null;
        }
        CompletableFuture<SaslStep> step = sasl.handle(e, host, secure, channelBinding).toCompletableFuture();
        if (step.isDone() && !step.isCompletedExceptionally()) {
            // Answered without waiting (e.g. a malformed request): no need to leave the event loop.
            onSaslStep(step.join(), null);
            return null;
        }
        return step.whenCompleteAsync(this::onSaslStep, ctx.executor());
    }

    private void onSaslStep(SaslStep step, Throwable failure) {
        if (closing) {
            return;
        }
        if (failure != null) {
            log.warn("Authentication of {} failed internally", remote(), failure);
            step = new SaslStep.Failure(dev.xmppd.c2s.sasl.SaslFailure.TEMPORARY_AUTH_FAILURE, null);
        }
        sasl.answered(step);
        ctx.writeAndFlush(SaslExchange.answer(step));
        if (step instanceof SaslStep.Success success) {
            account = BareJid.of(success.username(), host);
            // The INFO line of a login is "Bound <full JID> from <address>" once a resource is bound.
            log.debug("{} authenticated from {}", account, remote());
            // RFC 6120 §6.4.6: the client opens a new stream; bytes it pipelined go to the new parser.
            streamOpen = false;
            ctx.pipeline().get(XmppStreamDecoder.class).restart();
        } else if (step instanceof SaslStep.Failure f
                && f.condition() != dev.xmppd.c2s.sasl.SaslFailure.ABORTED) {
            authFailures++;
            boolean blocked = services.limits().recordFailure(address());
            log.info("Authentication from {} failed: {}", remote(), f.condition().elementName());
            if (blocked || authFailures >= services.config().auth().maxAttempts()) {
                closeStream(new StreamError(StreamErrorCondition.POLICY_VIOLATION, "too many failed authentications"));
            }
        }
    }

    private CompletionStage<?> onUnauthenticatedIq(XmlElement e) {
        Iq iq;
        try {
            iq = (Iq) Stanza.parse(e);
        } catch (StanzaException ex) {
            ctx.writeAndFlush(Stanza.errorReplyElement(e, ex.error()));
            return null;
        }
        if (!services.router().acceptsUnauthenticated(host, iq)) {
            closeStream(StreamError.of(StreamErrorCondition.NOT_AUTHORIZED)); // RFC 6120 §4.9.3.12
            return null;
        }
        return services.router().handleUnauthenticated(host, iq.withAddresses(null, iq.to()),
                        address().getHostAddress())
                .thenAcceptAsync(reply -> {
                    if (!closing) {
                        ctx.writeAndFlush(reply);
                    }
                }, ctx.executor());
    }

    private CompletionStage<?> onBind(XmlElement e) {
        Iq iq;
        try {
            iq = (Iq) Stanza.parse(e);
        } catch (StanzaException ex) {
            ctx.writeAndFlush(Stanza.errorReplyElement(e, ex.error()));
            return null;
        }
        XmlElement payload = iq.payload();
        if (iq.type() != IqType.SET || payload == null || !payload.is(Namespaces.BIND, "bind")) {
            closeStream(new StreamError(StreamErrorCondition.NOT_AUTHORIZED, "bind a resource first"));
            return null;
        }
        FullJid jid;
        try {
            jid = binding.jidFor(account, payload);
        } catch (StanzaException ex) {
            ctx.writeAndFlush(iq.error(ex.error()));
            return null;
        }
        long maxPending = services.config().limits().outputBufferBytes();
        session = new C2sSession(ctx.channel(), jid, maxPending, services.router()::bounce);
        Session replaced = services.router().sessions().add(session);
        if (replaced != null) {
            // RFC 6120 §7.7.2.2: the new session wins; the old one gets a conflict stream error.
            replaced.close(new StreamError(StreamErrorCondition.CONFLICT, "replaced by a new session"));
        }
        authTimeout.cancel(false);
        ctx.writeAndFlush(iq.result(ResourceBinding.result(jid)));
        log.info("Bound {} from {}", jid, remote());
        services.events().publish(new Events.SessionBound(session));
        return null;
    }

    private CompletionStage<?> onStanza(XmlElement e) {
        if (!Stanza.isStanza(e)) {
            closeStream(new StreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "unexpected <" + e.name() + "/>"));
            return null;
        }
        if (sm != null) {
            sm.handled();
        }
        Stanza stanza;
        try {
            stanza = Stanza.parse(e);
        } catch (StanzaException ex) {
            if (!"error".equals(e.attribute("type"))) {
                ctx.writeAndFlush(Stanza.errorReplyElement(e.withAttribute("from", session.jid().toString()),
                        ex.error()));
            }
            return null;
        }
        if (stanza instanceof Iq iq && iq.type() == IqType.SET && iq.payload() != null
                && (iq.to() == null || iq.to().equals(session.jid().bare()) || iq.to().isDomain())) {
            XmlElement payload = iq.payload();
            if (payload.is(Namespaces.SESSION, "session")) {
                ctx.writeAndFlush(iq.result()); // RFC 6121 §A (legacy session establishment): a no-op
                return null;
            }
            if (payload.is(Namespaces.BIND, "bind")) {
                ctx.writeAndFlush(iq.error(dev.xmppd.core.stanza.Condition.NOT_ALLOWED)); // one resource per stream
                return null;
            }
        }
        return services.router().routeFromClient(session, stanza);
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
        if (authTimeout != null) {
            authTimeout.cancel(false);
        }
        if (session != null && (sm == null || !sm.connectionLost())) {
            endSession();
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
            authTimeout.cancel(false);
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

    private static String normalizeHost(String to) {
        try {
            Jid jid = Jid.parse(to);
            return jid.isDomain() ? jid.domain() : to.toLowerCase(Locale.ROOT);
        } catch (JidFormatException e) {
            return to;
        }
    }

    private static String validJid(String from) {
        if (from == null) {
            return null;
        }
        try {
            return Jid.parse(from).toString();
        } catch (JidFormatException e) {
            return null;
        }
    }

    private java.net.InetAddress address() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress()
                : java.net.InetAddress.getLoopbackAddress();
    }

    private Object remote() {
        return ctx.channel().remoteAddress();
    }
}
