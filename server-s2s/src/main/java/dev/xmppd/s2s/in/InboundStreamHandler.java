package dev.xmppd.s2s.in;

import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.stream.StreamClose;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.S2sServices;
import dev.xmppd.s2s.auth.CertificateVerdict;
import dev.xmppd.s2s.dialback.DialbackVerifier;
import dev.xmppd.s2s.stream.DialbackElement;
import dev.xmppd.s2s.stream.S2sFeatures;
import dev.xmppd.s2s.stream.S2sHeaders;
import dev.xmppd.s2s.stream.SaslExternal;
import dev.xmppd.s2s.stream.StreamIds;
import dev.xmppd.s2s.tls.S2sTlsContexts;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of a stream another server opened to us, one per connection, on its event loop only:
 * <pre>
 * header → features → [STARTTLS → header → features] → SASL EXTERNAL → header → features   → stanzas
 *                                                     ↘ &lt;db:result/&gt; (dialback, per domain pair) ↗
 * </pre>
 * {@code <db:verify/>} is answered at any point ({@link InboundDialback}). Stanzas pass {@link InboundStanzas}
 * before the router. Like the client streams, the stanzas of one stream are routed in order (RFC 6120 §10.1):
 * while the router has not taken one, reading pauses and what was already decoded waits in a small queue.
 */
final class InboundStreamHandler extends ChannelInboundHandlerAdapter implements InboundStream {
    private static final Logger log = LoggerFactory.getLogger(InboundStreamHandler.class);
    private static final int MAX_QUEUED = 256;

    private final S2sServices services;
    private final InboundStreams streams;
    private final StartTlsPolicy policy;
    private final boolean directTls;
    private final InboundSasl sasl = new InboundSasl(this);
    private final InboundDialback dialback;
    private final InboundStanzas stanzas;
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private final Map<String, CertificateVerdict> verdicts = new HashMap<>();
    private final Set<DomainPair> pairs = new LinkedHashSet<>();
    private ChannelHandlerContext ctx;
    private String local;
    private String peerDomain;
    private String streamId;
    private String tlsProtocol;
    private List<X509Certificate> peerChain = List.of();
    private boolean streamOpen;
    private boolean secure;
    private boolean saslDone;
    private boolean busy;
    private boolean closing;
    private ScheduledFuture<?> authTimeout;

    InboundStreamHandler(S2sServices services, DialbackVerifier verifier, InboundStreams streams,
            StartTlsPolicy policy, boolean directTls) {
        this.services = services;
        this.streams = streams;
        this.policy = directTls ? StartTlsPolicy.REQUIRED : policy;
        this.directTls = directTls;
        this.dialback = new InboundDialback(services, verifier, this, this.policy);
        this.stanzas = new InboundStanzas(services.router(), this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        long timeout = services.config().limits().unauthenticatedTimeout().toMillis();
        authTimeout = context.executor().schedule(this::authenticationTimedOut, timeout, TimeUnit.MILLISECONDS);
        context.fireChannelActive();
    }

    private void authenticationTimedOut() {
        if (pairs.isEmpty() && !dialback.answeredVerify()) {
            log.warn("s2s: {} -> {} (inbound from {}) failed at authentication: nothing authenticated within {}",
                    peerDomain != null ? peerDomain : "?", local != null ? local : "?", peer(),
                    services.config().limits().unauthenticatedTimeout());
            closeStream(new StreamError(StreamErrorCondition.CONNECTION_TIMEOUT, "authentication timed out"));
        }
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
                log.warn("s2s: {} (inbound from {}) sent bad input: {}", peerDomain, peer(), describe(error));
                closeStream(error);
            } else if (msg == StreamClose.INSTANCE) {
                log.debug("s2s: {} (inbound from {}) closed its stream", peerDomain, peer());
                closeStream(null);
            }
        } catch (RuntimeException e) {
            log.error("s2s: internal error on the inbound stream of {} from {}", peerDomain, peer(), e);
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
        dev.xmppd.c2s.InboundRateLimiter limiter = ctx.pipeline().get(dev.xmppd.c2s.InboundRateLimiter.class);
        if (!busy && !closing && (limiter == null || !limiter.isPaused())) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** True while a stanza is being routed asynchronously and reading is paused for it. */
    boolean isBusy() {
        return busy;
    }

    /** For the rate limiter: true if the stream handler of {@code pipeline} holds reading. */
    static boolean isBusy(io.netty.channel.ChannelPipeline pipeline) {
        InboundStreamHandler handler = pipeline.get(InboundStreamHandler.class);
        return handler != null && handler.isBusy();
    }

    private void onOpen(StreamOpen open) {
        String to = domainOrNull(open.to());
        String from = domainOrNull(open.from());
        String first = local;
        if (local == null && to != null && services.router().servesDomain(to)) {
            local = to;
        }
        streamId = StreamIds.next();
        ctx.write(S2sHeaders.response(local != null ? local : first, from, streamId));
        streamOpen = true;
        if (local == null || !local.equals(to)) {
            // RFC 6120 §4.9.3.6: not a domain of ours (or it changed across a restart).
            log.warn("s2s: {} -> {} (inbound from {}) failed at stream: this server does not serve {}", from, to,
                    peer(), to);
            closeStream(new StreamError(StreamErrorCondition.HOST_UNKNOWN, "this server does not serve " + to));
            return;
        }
        if (open.from() != null && from == null) {
            closeStream(new StreamError(StreamErrorCondition.INVALID_FROM, "'from' is not a domain: " + open.from()));
            return;
        }
        peerDomain = from;
        if (open.version() == null || !open.version().startsWith("1.")) {
            // RFC 6120 §4.7.5: a pre-1.0 peer gets no features; it may still speak dialback.
            ctx.flush();
            return;
        }
        S2sFeatures features = features();
        if (features == null) {
            String reason = "s2s.auth is certificates and the certificate does not validate for " + from + " ("
                    + certificateFor(from).reason() + ")";
            log.warn("s2s: {} -> {} (inbound from {}) failed at tls: {}", from, local, peer(), reason);
            closeStream(new StreamError(StreamErrorCondition.POLICY_VIOLATION, reason));
            return;
        }
        ctx.writeAndFlush(features.toElement());
    }

    /** The features for the current stage; {@code null} if no way to authenticate is left (see the caller). */
    private S2sFeatures features() {
        if (saslDone) {
            return S2sFeatures.NONE;
        }
        boolean dialbackAllowed = services.config().s2s().dialbackAllowed();
        if (!secure) {
            boolean tls = services.tls() != null && !directTls;
            boolean plainDialback = policy == StartTlsPolicy.OPTIONAL && dialbackAllowed;
            return new S2sFeatures(tls, tls && policy == StartTlsPolicy.REQUIRED, List.of(), plainDialback, false);
        }
        boolean external = sasl.offer(peerDomain);
        if (!external && !dialbackAllowed) {
            return null;
        }
        return new S2sFeatures(false, false, external ? List.of(S2sFeatures.EXTERNAL) : List.of(), true, false);
    }

    private CompletionStage<?> onElement(XmlElement e) {
        if (!streamOpen) {
            closeStream(StreamError.of(StreamErrorCondition.NOT_AUTHORIZED));
            return null;
        }
        if (DialbackElement.isDialback(e)) {
            onDialback(e);
            return null;
        }
        if (e.is(Namespaces.TLS, "starttls")) {
            startTls();
            return null;
        }
        if (Namespaces.SASL.equals(e.namespace())) {
            onSasl(e);
            return null;
        }
        if (e.is(Namespaces.STREAM, "error")) {
            log.warn("s2s: {} -> {} (inbound from {}) closed by the peer: {}", peerDomain, local, peer(),
                    InboundStanzas.describeStreamError(e));
            closeStream(null);
            return null;
        }
        return stanzas.handle(e);
    }

    private void onDialback(XmlElement e) {
        DialbackElement db;
        try {
            db = DialbackElement.parse(e);
        } catch (IllegalArgumentException ex) {
            log.warn("s2s: {} -> {} (inbound from {}) failed at dialback: {}", peerDomain, local, peer(),
                    ex.getMessage());
            closeStream(new StreamError(StreamErrorCondition.IMPROPER_ADDRESSING, ex.getMessage()));
            return;
        }
        dialback.handle(db);
    }

    private void startTls() {
        if (secure || services.tls() == null) {
            // RFC 6120 §5.4.2.2: failure, then close the stream.
            log.warn("s2s: {} -> {} (inbound from {}) failed at tls: {}", peerDomain, local, peer(),
                    secure ? "STARTTLS on a secure stream" : "TLS is not available on this server");
            ctx.write(XmlElement.empty(Namespaces.TLS, "failure"));
            closeStream(null);
            return;
        }
        ctx.writeAndFlush(XmlElement.empty(Namespaces.TLS, "proceed"));
        SslHandler tls = services.tls().server().newHandler(ctx.alloc());
        if (ctx.pipeline().get("rate") != null) {
            ctx.pipeline().addAfter("rate", "tls", tls); // the rate limit counts bytes on the wire
        } else {
            ctx.pipeline().addFirst("tls", tls);
        }
        streamOpen = false;
        ctx.pipeline().get(XmppStreamDecoder.class).restartAfterTls();
    }

    private void onSasl(XmlElement e) {
        if (saslDone) {
            closeStream(new StreamError(StreamErrorCondition.POLICY_VIOLATION, "already authenticated with SASL"));
            return;
        }
        String remote = sasl.handle(e);
        if (remote == null) {
            return;
        }
        if (!authenticated(local, remote, InboundLink.SASL_EXTERNAL)) {
            ctx.writeAndFlush(SaslExternal.failure("temporary-auth-failure", "too many streams from " + remote));
            return;
        }
        saslDone = true;
        ctx.writeAndFlush(SaslExternal.success());
        // RFC 6120 §6.4.6: the peer restarts the stream; bytes it pipelined go to the new parser.
        streamOpen = false;
        ctx.pipeline().get(XmppStreamDecoder.class).restart();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (hs.isSuccess()) {
                SslHandler tls = context.pipeline().get(SslHandler.class);
                secure = true;
                tlsProtocol = tls.engine().getSession().getProtocol();
                peerChain = S2sTlsContexts.peerChain(tls);
                verdicts.clear();
            } else {
                log.warn("s2s: {} -> {} (inbound from {}) failed at tls: {}", peerDomain != null ? peerDomain : "?",
                        local != null ? local : "?", peer(), hs.cause().getMessage());
                context.close();
            }
        } else if (evt instanceof IdleStateEvent) {
            log.info("s2s: {} -> {} (inbound from {}) closed after {} without traffic", peerDomain, local, peer(),
                    services.config().s2s().idleTimeout());
            closeStream(null);
            return;
        }
        context.fireUserEventTriggered(evt);
    }

    // ---- InboundStream, for the helpers ----

    @Override
    public String local() {
        return local;
    }

    @Override
    public String streamId() {
        return streamId;
    }

    @Override
    public boolean secure() {
        return secure;
    }

    @Override
    public CertificateVerdict certificateFor(String domain) {
        if (!secure) {
            return CertificateVerdict.untrusted("no TLS");
        }
        // PKIX validation is a few signature checks, once per domain and stream: cheap enough for the event loop.
        return verdicts.computeIfAbsent(domain, d -> services.peerCertificates().verify(peerChain, d));
    }

    @Override
    public boolean isAuthenticated(String remote) {
        return pairs.stream().anyMatch(p -> p.remote().equals(remote));
    }

    @Override
    public boolean authenticated(String localDomain, String remote, String method) {
        DomainPair pair = new DomainPair(localDomain, remote);
        if (!streams.add(ctx.channel(), new InboundLink(pair, method, tlsProtocol))) {
            log.warn("s2s: {} -> {} (inbound from {}) failed at limits: {} already has {} streams (s2s.streams-per-"
                    + "domain)", remote, localDomain, peer(), remote, services.config().s2s().streamsPerDomain());
            return false;
        }
        if (pairs.add(pair)) {
            log.info("s2s: {} -> {} (inbound) authenticated ({}, {})", remote, localDomain, method,
                    tlsProtocol != null ? tlsProtocol : "no TLS");
        }
        if (authTimeout != null) {
            authTimeout.cancel(false);
        }
        return true;
    }

    /** True if stanzas from {@code remoteDomain} may arrive on this stream. */
    boolean acceptsFrom(String remoteDomain) {
        return isAuthenticated(remoteDomain);
    }

    /** The domain the peer's header named, or {@code null}. */
    String peerDomain() {
        return peerDomain;
    }

    /** True once any domain pair is authenticated. */
    boolean hasAuthenticated() {
        return !pairs.isEmpty();
    }

    @Override
    public void send(Object message) {
        if (!closing) {
            ctx.writeAndFlush(message);
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public EventExecutor executor() {
        return ctx.executor();
    }

    @Override
    public String peer() {
        return String.valueOf(ctx.channel().remoteAddress());
    }

    /** Ends the stream: the error if any, the closing tag, then the connection (RFC 6120 §4.4). */
    @Override
    public void closeStream(StreamError error) {
        if (closing) {
            return;
        }
        closing = true;
        queued.clear();
        if (!streamOpen && ctx.channel().isActive() && error != null) {
            // RFC 6120 §4.9.1.2: open a stream first so the error can be read.
            ctx.write(S2sHeaders.response(local, peerDomain, StreamIds.next()));
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
        streams.remove(context.channel());
        if (!pairs.isEmpty()) {
            log.info("s2s: {} -> {} (inbound) closed", peerDomain, local);
        }
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof IOException || cause.getCause() instanceof javax.net.ssl.SSLException) {
            log.info("s2s: {} -> {} (inbound from {}) connection failed: {}", peerDomain, local, peer(),
                    cause.getMessage());
        } else {
            log.warn("s2s: unexpected failure on the inbound stream of {} from {}", peerDomain, peer(), cause);
        }
        context.close();
    }

    private static String describe(StreamError error) {
        return error.text() == null ? error.condition().elementName()
                : error.condition().elementName() + ": " + error.text();
    }

    static String domainOrNull(String value) {
        if (value == null) {
            return null;
        }
        try {
            Jid jid = Jid.parse(value);
            return jid.isDomain() ? jid.domain() : null;
        } catch (JidFormatException e) {
            return null;
        }
    }
}
