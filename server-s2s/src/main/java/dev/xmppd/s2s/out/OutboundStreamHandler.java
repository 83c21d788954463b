package dev.xmppd.s2s.out;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.config.StartTlsPolicy;
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
import dev.xmppd.s2s.in.OrderedInput;
import dev.xmppd.s2s.dns.S2sTarget;
import dev.xmppd.s2s.out.LinkFailure.Step;
import dev.xmppd.s2s.stream.DialbackElement;
import dev.xmppd.s2s.stream.S2sFeatures;
import dev.xmppd.s2s.stream.S2sHeaders;
import dev.xmppd.s2s.stream.S2sNamespaces;
import dev.xmppd.s2s.stream.SaslExternal;
import dev.xmppd.s2s.tls.S2sTlsContexts;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initiating side of one server-to-server stream (RFC 6120 §4-6, XEP-0178, XEP-0220), one instance per
 * connection:
 * <pre>
 * [direct TLS handshake] → header → features → STARTTLS → TLS handshake → header → features
 *   → SASL EXTERNAL → success → header → features → ready
 *   → (EXTERNAL not offered or refused, dialback allowed) → db:result → type='valid' → ready
 * </pre>
 * The peer's certificate is judged once TLS is up: with {@code s2s.auth: certificates} a chain that does not
 * validate for the remote domain ends the attempt at "tls". {@code <db:verify/>} answers are accepted in any state
 * after the header, because the peer may be checking a key of an inbound stream of ours at the same time.
 *
 * <p>XEP-0288: when the peer offers {@code <bidi/>} (and {@code s2s.bidi} is on) we request it before SASL or
 * dialback; once ready, the peer's stanzas for the reverse pair arrive here and go to the router in order
 * ({@link ReverseStanzas}, {@link OrderedInput}). Without bidi the peer must not send stanzas here (RFC 6120 §2.5).
 *
 * <p>Everything runs on the channel's event loop; results go to {@link LinkEvents}.
 */
final class OutboundStreamHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(OutboundStreamHandler.class);

    /** The negotiation steps; {@link #waitingFor()} says in a log line what a stuck link waits for. */
    enum State {
        TLS_HANDSHAKE("the TLS handshake"), AWAIT_HEADER("the peer's stream header"),
        AWAIT_FEATURES("stream features"), AWAIT_PROCEED("<proceed/> after <starttls/>"),
        AWAIT_SASL("the outcome of SASL EXTERNAL"), AWAIT_DIALBACK("the dialback result"), READY("nothing"),
        DONE("nothing");

        private final String waitingFor;

        State(String waitingFor) {
            this.waitingFor = waitingFor;
        }

        String waitingFor() {
            return waitingFor;
        }
    }

    private final S2sServices services;
    private final DomainPair pair;
    private final S2sTarget target;
    private final LinkEvents events;
    private final OrderedInput input = new OrderedInput(this::process);
    private final ReverseStanzas reverse;
    private ChannelHandlerContext ctx;
    private State state;
    private String streamId;
    /** True while our side of the current stream is open: a header was sent since the last TLS start or restart. */
    private boolean headerSent;
    private boolean peerDeclaredDialback;
    private boolean saslRefused;
    private boolean ignoredInbound;
    private boolean bidi;
    private String authenticatedBy;
    private String tlsProtocol;
    private CertificateVerdict peerCertificate = CertificateVerdict.untrusted("no TLS");

    OutboundStreamHandler(S2sServices services, DomainPair pair, S2sTarget target, LinkEvents events) {
        this.services = requireNonNull(services, "services");
        this.pair = requireNonNull(pair, "pair");
        this.target = requireNonNull(target, "target");
        this.events = requireNonNull(events, "events");
        this.state = target.directTls() ? State.TLS_HANDSHAKE : State.AWAIT_HEADER;
        this.reverse = new ReverseStanzas(pair, services.router(), this::closeWith);
    }

    State state() {
        return state;
    }

    /** True once we asked for a bidirectional stream (XEP-0288): the peer may send its stanzas on it when ready. */
    boolean bidi() {
        return bidi;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (state == State.AWAIT_HEADER) {
            sendHeader(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (state != State.DONE && !input.offer(context, msg)) {
            closeWith(new StreamError(StreamErrorCondition.POLICY_VIOLATION, "too many pipelined stanzas"));
        }
    }

    /** One message from the peer, in order; returns the router's stage for a stanza of the peer's (bidi). */
    private CompletionStage<?> process(Object msg) {
        if (state == State.DONE) {
            return null;
        }
        if (msg instanceof StreamOpen open) {
            onHeader(ctx, open);
        } else if (msg instanceof XmlElement element) {
            return onElement(ctx, element);
        } else if (msg instanceof StreamClose) {
            fail(ctx, Step.STREAM, "the peer closed the stream");
        } else if (msg instanceof StreamError error) {
            // Our decoder found the peer's XML unacceptable.
            ctx.write(error);
            fail(ctx, Step.STREAM, "we sent stream error " + error.condition().elementName()
                    + (error.text() == null ? "" : " (" + error.text() + ')'));
        }
        return null;
    }

    /** Ends an authenticated stream with our stream error (the peer broke the rules of the reverse direction). */
    private void closeWith(StreamError error) {
        if (state != State.READY) {
            fail(ctx, Step.STREAM, "we sent stream error " + error.condition().elementName());
            return;
        }
        state = State.DONE;
        input.clear();
        events.closed(ctx.channel());
        ctx.write(error);
        ctx.writeAndFlush(StreamClose.INSTANCE).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done && state == State.TLS_HANDSHAKE) {
            if (done.isSuccess()) {
                onTls(ctx);
            } else {
                fail(ctx, Step.TLS, "handshake failed: " + rootMessage(done.cause()));
            }
        } else if (evt instanceof IdleStateEvent) {
            if (state == State.READY) {
                log.debug("s2s: {} idle for s2s.idle-timeout, closing", pair);
                state = State.DONE;
                // The link stops writing here, so that no stanza follows our </stream:stream>.
                events.closed(ctx.channel());
                ctx.writeAndFlush(StreamClose.INSTANCE).addListener(ChannelFutureListener.CLOSE);
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            events.writable(ctx.channel());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state != State.READY && state != State.DONE) {
            fail(ctx, stepOf(state), "the connection closed");
        }
        state = State.DONE;
        events.closed(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.READY || state == State.DONE) {
            log.warn("s2s: {} stream failed: {}", pair, rootMessage(cause));
            state = State.DONE;
            ctx.close();
        } else {
            fail(ctx, stepOf(state), rootMessage(cause));
        }
    }

    private void onHeader(ChannelHandlerContext ctx, StreamOpen open) {
        if (state != State.AWAIT_HEADER) {
            fail(ctx, Step.STREAM, "unexpected stream header");
            return;
        }
        streamId = open.id();
        // The decoder refuses headers without version 1.x (pre-RFC 3920 peers), so features always follow.
        peerDeclaredDialback = open.dialback();
        state = State.AWAIT_FEATURES;
    }

    private CompletionStage<?> onElement(ChannelHandlerContext ctx, XmlElement e) {
        if (state == State.READY && bidi && !e.is(Namespaces.STREAM, "error") && !DialbackElement.isDialback(e)) {
            return reverse.handle(e);
        }
        if (e.is(Namespaces.STREAM, "error")) {
            onStreamError(ctx, e);
        } else if (DialbackElement.isDialback(e)) {
            onDialback(ctx, e);
        } else if (state == State.AWAIT_FEATURES && e.is(Namespaces.STREAM, "features")) {
            onFeatures(ctx, S2sFeatures.parse(e));
        } else if (state == State.AWAIT_PROCEED && e.is(Namespaces.TLS, "proceed")) {
            startTls(ctx);
        } else if (state == State.AWAIT_PROCEED && e.is(Namespaces.TLS, "failure")) {
            fail(ctx, Step.TLS, "the peer refused STARTTLS");
        } else if (state == State.AWAIT_SASL && e.is(Namespaces.SASL, "success")) {
            authenticatedBy = "SASL EXTERNAL";
            restart(ctx);
        } else if (state == State.AWAIT_SASL && e.is(Namespaces.SASL, "failure")) {
            onSaslFailure(ctx, SaslExternal.failureCondition(e));
        } else if (state == State.AWAIT_SASL && e.is(Namespaces.SASL, "challenge")) {
            // A peer that ignored our initial response asks again (RFC 6120 §6.4.2).
            ctx.writeAndFlush(SaslExternal.response(pair.local()));
        } else if (state == State.READY) {
            // Without XEP-0288 the peer must not send stanzas on our stream (RFC 6120 §2.5); say so once per stream.
            if (!ignoredInbound) {
                ignoredInbound = true;
                log.warn("s2s: {} the peer sends <{}/> on our outbound stream; ignored (no bidirectional streams)",
                        pair, e.name());
            }
        } else {
            fail(ctx, stepOf(state), "unexpected <" + e.name() + " xmlns='" + e.namespace() + "'/>");
        }
        return null;
    }

    private void onStreamError(ChannelHandlerContext ctx, XmlElement error) {
        XmlElement condition = error.elements().stream()
                .filter(c -> Namespaces.STREAMS_ERRORS.equals(c.namespace()) && !c.name().equals("text"))
                .findFirst().orElse(null);
        String text = error.childText(Namespaces.STREAMS_ERRORS, "text");
        String reason = "stream error " + (condition == null ? "(none)" : condition.name())
                + (text == null || text.isBlank() ? "" : " (" + text.strip() + ')');
        if (state == State.READY) {
            if (condition != null && condition.name().equals("system-shutdown")) {
                log.info("s2s: {} closed by the peer: {}", pair, reason);
            } else {
                log.warn("s2s: {} closed by the peer: {}", pair, reason);
            }
            state = State.DONE;
            ctx.writeAndFlush(StreamClose.INSTANCE).addListener(ChannelFutureListener.CLOSE);
        } else {
            fail(ctx, stepOf(state), reason);
        }
    }

    private void onFeatures(ChannelHandlerContext ctx, S2sFeatures features) {
        boolean tlsUp = ctx.pipeline().get(SslHandler.class) != null;
        if (authenticatedBy != null) {
            ready(ctx);
        } else if (!tlsUp && features.startTls() && services.tls() != null) {
            state = State.AWAIT_PROCEED;
            ctx.writeAndFlush(XmlElement.empty(Namespaces.TLS, "starttls"));
        } else if (!tlsUp && services.config().listeners().s2s().starttls() == StartTlsPolicy.REQUIRED) {
            fail(ctx, Step.TLS, services.tls() == null ? "TLS is unavailable here"
                    : "the peer does not offer STARTTLS (listeners.s2s.starttls is required)");
        } else if (features.offersExternal() && tlsUp && !saslRefused) {
            requestBidi(ctx, features);
            state = State.AWAIT_SASL;
            // XEP-0178 §3 step 9: include the authorization identity, for backward compatibility.
            ctx.writeAndFlush(SaslExternal.auth(pair.local()));
        } else {
            requestBidi(ctx, features);
            startDialback(ctx, features);
        }
    }

    /** XEP-0288 §2: after TLS, before SASL or dialback. */
    private void requestBidi(ChannelHandlerContext ctx, S2sFeatures features) {
        if (features.bidi() && !bidi && services.config().s2s().bidi()) {
            bidi = true;
            ctx.write(XmlElement.empty(S2sNamespaces.BIDI, "bidi"));
        }
    }

    private void onSaslFailure(ChannelHandlerContext ctx, String condition) {
        saslRefused = true;
        if (!services.config().s2s().dialbackAllowed()) {
            fail(ctx, Step.SASL, condition + " (our certificate was refused; s2s.auth: certificates allows no dialback)");
            return;
        }
        log.info("s2s: {} SASL EXTERNAL refused ({}), trying dialback", pair, condition);
        // RFC 6120 §6.4.5: after a failure the initiating entity may try again on the same stream.
        startDialback(ctx, null);
    }

    /** @param features the features just received, or {@code null} when falling back after a SASL failure */
    private void startDialback(ChannelHandlerContext ctx, S2sFeatures features) {
        if (!services.config().s2s().dialbackAllowed()) {
            fail(ctx, Step.SASL, "the peer does not offer SASL EXTERNAL and s2s.auth is certificates");
            return;
        }
        boolean offered = peerDeclaredDialback || features == null || features.dialback();
        if (!offered) {
            fail(ctx, Step.DIALBACK, "the peer offers neither SASL EXTERNAL nor dialback");
            return;
        }
        if (streamId == null || streamId.isEmpty()) {
            fail(ctx, Step.DIALBACK, "the peer's stream header has no id");
            return;
        }
        state = State.AWAIT_DIALBACK;
        events.verifiable(ctx.channel());
        String key = services.dialbackKeys().generate(pair.remote(), pair.local(), streamId);
        ctx.writeAndFlush(DialbackElement.result(pair.local(), pair.remote(), key).toWire());
    }

    private void onDialback(ChannelHandlerContext ctx, XmlElement e) {
        DialbackElement db;
        try {
            db = DialbackElement.parse(e);
        } catch (IllegalArgumentException ex) {
            fail(ctx, Step.DIALBACK, "malformed answer: " + ex.getMessage());
            return;
        }
        if (db.kind() == DialbackElement.Kind.VERIFY && db.type() != DialbackElement.Type.REQUEST) {
            events.verifyAnswered(db);
        } else if (state == State.AWAIT_DIALBACK && db.kind() == DialbackElement.Kind.RESULT
                && db.from().equals(pair.remote()) && db.to().equals(pair.local())) {
            switch (db.type()) {
                case VALID -> {
                    authenticatedBy = "dialback";
                    ready(ctx);
                }
                case INVALID -> fail(ctx, Step.DIALBACK, "the peer says our key is invalid");
                case ERROR -> fail(ctx, Step.DIALBACK, "the peer answered " + db.error().condition().elementName()
                        + (db.error().text() == null ? "" : " (" + db.error().text() + ')'));
                default -> fail(ctx, Step.DIALBACK, "unexpected request from the peer");
            }
        } else {
            log.debug("s2s: {} ignored a dialback element: {}", pair, e);
        }
    }

    private void startTls(ChannelHandlerContext ctx) {
        state = State.TLS_HANDSHAKE;
        headerSent = false;
        SslHandler tls = services.tls().client(false).newHandler(ctx.alloc(), pair.remote(), target.port());
        ctx.pipeline().addFirst("tls", tls);
        // RFC 6120 §5.4.3.3: the stream restarts over TLS; nothing the peer sent in plaintext after <proceed/> counts.
        ctx.pipeline().get(XmppStreamDecoder.class).restartAfterTls();
    }

    private void onTls(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        tlsProtocol = tls.engine().getSession().getProtocol();
        peerCertificate = services.peerCertificates().verify(S2sTlsContexts.peerChain(tls), pair.remote());
        if (!peerCertificate.trusted() && !services.config().s2s().dialbackAllowed()) {
            fail(ctx, Step.TLS, "the peer's certificate is not valid for " + pair.remote() + ": "
                    + peerCertificate.reason() + " (s2s.auth: certificates)");
            return;
        }
        log.debug("s2s: {} TLS up ({}), peer certificate: {}", pair, tlsProtocol, peerCertificate.reason());
        state = State.AWAIT_HEADER;
        sendHeader(ctx);
    }

    /** RFC 6120 §6.4.6: after SASL success both sides start a new stream over the same connection. */
    private void restart(ChannelHandlerContext ctx) {
        ctx.pipeline().get(XmppStreamDecoder.class).restart();
        state = State.AWAIT_HEADER;
        sendHeader(ctx);
    }

    private void sendHeader(ChannelHandlerContext ctx) {
        headerSent = true;
        ctx.writeAndFlush(S2sHeaders.initial(pair.local(), pair.remote()));
    }

    private void ready(ChannelHandlerContext ctx) {
        state = State.READY;
        log.info("s2s: {} authenticated ({}, {}){}", pair, authenticatedBy, tlsProtocol == null ? "no TLS" : tlsProtocol,
                bidi ? " (bidi)" : "");
        events.authenticated(ctx.channel(), authenticatedBy);
    }

    private void fail(ChannelHandlerContext ctx, Step step, String reason) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        events.failed(ctx.channel(), new LinkFailure(step, reason));
        if (headerSent && ctx.channel().isActive()) {
            ctx.writeAndFlush(StreamClose.INSTANCE).addListener(ChannelFutureListener.CLOSE);
        } else {
            // No stream of ours is open (TLS just came up, or never did): there is nothing to close but the socket.
            ctx.close();
        }
    }

    private static Step stepOf(State state) {
        return switch (state) {
            case TLS_HANDSHAKE, AWAIT_PROCEED -> Step.TLS;
            case AWAIT_SASL -> Step.SASL;
            case AWAIT_DIALBACK -> Step.DIALBACK;
            default -> Step.STREAM;
        };
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
