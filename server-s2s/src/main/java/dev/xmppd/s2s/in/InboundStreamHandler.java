package dev.xmppd.s2s.in;

import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.stream.StreamClose;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.s2s.BidiRoutes;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.S2sServices;
import dev.xmppd.s2s.auth.CertificateVerdict;
import dev.xmppd.s2s.dialback.DialbackVerifier;
import dev.xmppd.s2s.stream.DialbackElement;
import dev.xmppd.s2s.stream.S2sFeatures;
import dev.xmppd.s2s.stream.S2sHeaders;
import dev.xmppd.s2s.stream.S2sNamespaces;
import dev.xmppd.s2s.stream.SaslExternal;
import dev.xmppd.s2s.stream.StreamIds;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.util.LinkedHashSet;
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
 *
 * <p>XEP-0288: when the peer asks for a bidirectional stream, the reverse of each pair it authenticates becomes our
 * route to it ({@link InboundBidi}), until the stream ends.
 */
final class InboundStreamHandler extends ChannelInboundHandlerAdapter implements InboundStream {
    private static final Logger log = LoggerFactory.getLogger(InboundStreamHandler.class);

    private final S2sServices services;
    private final InboundStreams streams;
    private final StartTlsPolicy policy;
    private final boolean directTls;
    private final InboundSasl sasl = new InboundSasl(this);
    private final InboundDialback dialback;
    private final InboundStanzas stanzas;
    private final OrderedInput input = new OrderedInput(this::process);
    private final InboundTls tls;
    private final InboundBidi bidi;
    private final Set<DomainPair> pairs = new LinkedHashSet<>();
    private DomainPair saslPair;
    private ChannelHandlerContext ctx;
    private String local;
    private String peerDomain;
    private String streamId;
    private boolean streamOpen;
    private boolean saslDone;
    private boolean closing;
    private ScheduledFuture<?> authTimeout;

    InboundStreamHandler(S2sServices services, DialbackVerifier verifier, InboundStreams streams,
            StartTlsPolicy policy, boolean directTls) {
        this(services, verifier, streams, BidiRoutes.NONE, policy, directTls);
    }

    InboundStreamHandler(S2sServices services, DialbackVerifier verifier, InboundStreams streams, BidiRoutes routes,
            StartTlsPolicy policy, boolean directTls) {
        this.services = services;
        this.bidi = new InboundBidi(routes, services.config().s2s().bidi());
        this.streams = streams;
        this.policy = directTls ? StartTlsPolicy.REQUIRED : policy;
        this.directTls = directTls;
        this.dialback = new InboundDialback(services, verifier, this, this.policy);
        this.stanzas = new InboundStanzas(services.router(), this);
        this.tls = new InboundTls(services.tls() == null ? null : services.tls().server(), services.peerCertificates());
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
            failed("authentication", "nothing authenticated within "
                    + services.config().limits().unauthenticatedTimeout());
            closeStream(new StreamError(StreamErrorCondition.CONNECTION_TIMEOUT, "authentication timed out"));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!closing && !input.offer(context, msg)) {
            closeStream(new StreamError(StreamErrorCondition.POLICY_VIOLATION, "too many pipelined stanzas"));
        }
    }

    private CompletionStage<?> process(Object msg) {
        if (closing) {
            return null;
        }
        try {
            if (msg instanceof XmlElement e) {
                return onElement(e);
            } else if (msg instanceof StreamOpen open) {
                onOpen(open);
            } else if (msg instanceof StreamError error) {
                failed("stream", "bad input: " + InboundStanzas.describe(error));
                closeStream(error);
            } else if (msg == StreamClose.INSTANCE) {
                log.debug("s2s: {} closed its stream", link());
                closeStream(null);
            }
        } catch (RuntimeException e) {
            log.error("s2s: {} internal error", link(), e);
            closeStream(StreamError.of(StreamErrorCondition.INTERNAL_SERVER_ERROR));
        }
        return null;
    }

    /** True while a stanza is being routed asynchronously and reading is paused for it. */
    boolean isBusy() {
        return input.busy();
    }

    /** For the rate limiter: true if the stream handler of {@code pipeline} holds reading. */
    static boolean isBusy(io.netty.channel.ChannelPipeline pipeline) {
        InboundStreamHandler handler = pipeline.get(InboundStreamHandler.class);
        return handler != null && handler.isBusy();
    }

    private void onOpen(StreamOpen open) {
        String to = InboundSasl.domainOrNull(open.to());
        String from = InboundSasl.domainOrNull(open.from());
        String first = local;
        if (local == null && to != null && services.router().servesDomain(to)) {
            local = to;
        }
        streamId = StreamIds.next();
        ctx.write(S2sHeaders.response(local != null ? local : first, from, streamId));
        streamOpen = true;
        if (local == null || !local.equals(to)) {
            // RFC 6120 §4.9.3.6: not a domain of ours (or it changed across a restart).
            peerDomain = from;
            failed("stream", "this server does not serve " + to);
            closeStream(new StreamError(StreamErrorCondition.HOST_UNKNOWN, "this server does not serve " + to));
            return;
        }
        if (open.from() != null && from == null) {
            closeStream(new StreamError(StreamErrorCondition.INVALID_FROM, "'from' is not a domain: " + open.from()));
            return;
        }
        peerDomain = from;
        S2sFeatures features = InboundFeatures.offer(services.config().s2s(), policy, directTls, tls, saslDone,
                () -> sasl.offer(peerDomain), bidi.enabled());
        if (features == null) {
            String reason = "s2s.auth is certificates and the certificate does not validate for " + from + " ("
                    + certificateFor(from).reason() + ")";
            failed("tls", reason);
            closeStream(new StreamError(StreamErrorCondition.POLICY_VIOLATION, reason));
            return;
        }
        ctx.writeAndFlush(features.toElement());
        bidi.offered(features.bidi());
        if (saslPair != null) {
            // The stream restarted after SASL success: the peer reads our stanzas from here on.
            bidi.usable(saslPair, InboundLink.SASL_EXTERNAL, ctx.channel());
        }
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
        if (e.is(S2sNamespaces.BIDI, "bidi")) {
            onBidi();
            return null;
        }
        if (Namespaces.SASL.equals(e.namespace())) {
            onSasl(e);
            return null;
        }
        if (e.is(Namespaces.STREAM, "error")) {
            log.warn("s2s: {} closed by the peer: {}", link(), InboundStanzas.describeStreamError(e));
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
            failed("dialback", ex.getMessage());
            closeStream(new StreamError(StreamErrorCondition.IMPROPER_ADDRESSING, ex.getMessage()));
            return;
        }
        dialback.handle(db);
    }

    private void onBidi() {
        if (!bidi.request(ctx.channel())) {
            failed("bidi", "<bidi/> requested but not offered at this stage");
            closeStream(new StreamError(StreamErrorCondition.UNSUPPORTED_FEATURE, "bidirectional streams are not"
                    + " offered here at this stage"));
            return;
        }
        log.debug("s2s: {} asked for a bidirectional stream (XEP-0288)", link());
    }

    private void startTls() {
        if (tls.secure() || !tls.available()) {
            // RFC 6120 §5.4.2.2: failure, then close the stream.
            failed("tls", tls.secure() ? "STARTTLS on a secure stream" : "TLS is not available on this server");
            ctx.write(XmlElement.empty(Namespaces.TLS, "failure"));
            closeStream(null);
            return;
        }
        streamOpen = false;
        bidi.tlsStarted();
        tls.start(ctx);
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
        saslPair = new DomainPair(local, remote);
        ctx.writeAndFlush(SaslExternal.success());
        // RFC 6120 §6.4.6: the peer restarts the stream; bytes it pipelined go to the new parser.
        streamOpen = false;
        ctx.pipeline().get(XmppStreamDecoder.class).restart();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (hs.isSuccess()) {
                tls.established(context.pipeline().get(SslHandler.class));
            } else {
                failed("tls", String.valueOf(hs.cause().getMessage()));
                context.close();
            }
        } else if (evt instanceof IdleStateEvent) {
            log.info("s2s: {} closed after {} without traffic", link(), services.config().s2s().idleTimeout());
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
        return tls.secure();
    }

    @Override
    public CertificateVerdict certificateFor(String domain) {
        return tls.certificateFor(domain);
    }

    @Override
    public boolean isAuthenticated(String remote) {
        return pairs.stream().anyMatch(p -> p.remote().equals(remote));
    }

    @Override
    public boolean authenticated(String localDomain, String remote, String method) {
        DomainPair pair = new DomainPair(localDomain, remote);
        if (!streams.add(ctx.channel(), new InboundLink(pair, method, tls.protocol()))) {
            failed("limits", remote + " already holds " + services.config().s2s().streamsPerDomain()
                    + " streams (s2s.streams-per-domain)");
            return false;
        }
        if (pairs.add(pair)) {
            log.info("s2s: {} -> {} (inbound) authenticated ({}, {}){}", remote, localDomain, method,
                    tls.protocol() != null ? tls.protocol() : "no TLS", bidi.requested() ? " (bidi)" : "");
        }
        if (!InboundLink.SASL_EXTERNAL.equals(method)) {
            // Dialback: the <db:result type='valid'/> is written right after this, before any stanza of ours.
            bidi.usable(pair, method, ctx.channel());
        }
        if (authTimeout != null) {
            authTimeout.cancel(false);
        }
        return true;
    }

    @Override
    public boolean hasAuthenticated() {
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

    /** "a.example -> b.example (inbound from 192.0.2.1:4711)", "?" for what is not known yet. */
    private String link() {
        return (peerDomain != null ? peerDomain : "?") + " -> " + (local != null ? local : "?") + " (inbound from "
                + peer() + ")";
    }

    @Override
    public void failed(String step, String reason) {
        log.warn("s2s: {} failed at {}: {}", link(), step, reason);
    }

    /** Ends the stream: the error if any, the closing tag, then the connection (RFC 6120 §4.4). */
    @Override
    public void closeStream(StreamError error) {
        if (closing) {
            return;
        }
        closing = true;
        bidi.closed();
        input.clear();
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
        bidi.closed();
        streams.remove(context.channel());
        if (!pairs.isEmpty()) {
            log.info("s2s: {} -> {} (inbound) closed", peerDomain, local);
        }
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof IOException || cause.getCause() instanceof javax.net.ssl.SSLException) {
            log.info("s2s: {} connection failed: {}", link(), cause.getMessage());
        } else {
            log.warn("s2s: {} unexpected failure", link(), cause);
        }
        context.close();
    }
}
