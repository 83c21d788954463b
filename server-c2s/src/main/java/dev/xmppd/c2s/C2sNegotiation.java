package dev.xmppd.c2s;

import dev.xmppd.c2s.bind.ResourceBinding;
import dev.xmppd.c2s.sasl.ChannelBinding;
import dev.xmppd.c2s.sasl.SaslFailure;
import dev.xmppd.c2s.sasl.SaslStep;
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
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The negotiation phase of one client stream, up to a bound resource: stream headers and features, STARTTLS
 * (RFC 6120 §5), SASL (§6), registration before login (XEP-0077) and resource binding (§7). It owns what the
 * connection learns on the way (host, TLS, channel binding, account); the {@link C2sStreamHandler} owns the stream
 * itself (ordering, restarts, closing) and takes over once {@link C2sStreamHandler#bound} gave it a session.
 * Runs on the channel's event loop only.
 */
final class C2sNegotiation {
    private static final Logger log = LoggerFactory.getLogger(C2sNegotiation.class);
    /** SASL failures of any kind one stream may have: more than the mechanisms we offer (7) need. */
    private static final int MAX_SASL_FAILURES = 10;

    private final C2sServices services;
    private final StartTlsPolicy policy;
    private final C2sStreamHandler stream;
    private final ChannelHandlerContext ctx;
    private final SaslExchange sasl;
    private final ResourceBinding binding = new ResourceBinding();
    private String host;
    private boolean secure;
    private ChannelBinding channelBinding = ChannelBinding.NONE;
    private BareJid account;
    private int authFailures;
    /** Failures of any kind on this stream, bounded by {@link #MAX_SASL_FAILURES}. */
    private int saslFailures;

    C2sNegotiation(C2sServices services, StartTlsPolicy policy, C2sStreamHandler stream, ChannelHandlerContext ctx) {
        this.services = services;
        this.policy = policy;
        this.stream = stream;
        this.ctx = ctx;
        this.sasl = new SaslExchange(services.sasl());
    }

    /** The served domain the client asked for, or {@code null} before a valid header. */
    String host() {
        return host;
    }

    /** The authenticated account, or {@code null}. */
    BareJid account() {
        return account;
    }

    /** Answers a stream header: ours, then the features of this stage (RFC 6120 §4.3). */
    void onOpen(StreamOpen open) {
        String requested = open.to() == null ? services.config().hosts().get(0) : normalizeHost(open.to());
        String first = host;
        if (host == null && services.router().isLocal(requested)) {
            host = requested;
        }
        ctx.write(new StreamOpen(Namespaces.CLIENT, validJid(open.from()), host != null ? host : first,
                UUID.randomUUID().toString(), "1.0", "en", false));
        if (host == null || !host.equals(requested)) {
            // RFC 6120 §4.9.3.6: we do not serve that domain (or it changed across a restart).
            stream.closeStream(new StreamError(StreamErrorCondition.HOST_UNKNOWN,
                    "this server does not serve " + requested));
            return;
        }
        ctx.writeAndFlush(account == null
                ? C2sFeatures.preAuth(services, host, secure, policy, channelBinding)
                : C2sFeatures.postAuth(services, host));
    }

    /**
     * An element before a resource is bound.
     *
     * @return the unfinished work the stream must wait for, or {@code null}
     */
    CompletionStage<?> onElement(XmlElement e) {
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
        // RFC 6120 §4.9.3.12: no stanzas before authentication and binding.
        stream.closeStream(Stanza.isStanza(e) ? StreamError.of(StreamErrorCondition.NOT_AUTHORIZED)
                : new StreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "unexpected <" + e.name() + "/>"));
        return null;
    }

    private void startTls() {
        if (secure || services.ssl() == null) {
            // RFC 6120 §5.4.2.2: failure, then close the stream.
            ctx.write(XmlElement.empty(Namespaces.TLS, "failure"));
            stream.closeStream(null);
            return;
        }
        if (FileDescriptors.PROCESS.exhaustedForTls(stream.remote())) {
            // RFC 6120 §5.4.2.2 failure; §4.9.3.17: the server lacks the resources to serve the stream.
            ctx.write(XmlElement.empty(Namespaces.TLS, "failure"));
            stream.closeStream(new StreamError(StreamErrorCondition.RESOURCE_CONSTRAINT,
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
        stream.restarting();
        ctx.pipeline().get(XmppStreamDecoder.class).restartAfterTls();
    }

    /** The TLS handshake succeeded: the stream is secure and may offer channel binding. */
    void tlsEstablished() {
        secure = true;
        channelBinding = TlsChannelBinding.of(ctx.pipeline().get(SslHandler.class));
    }

    /**
     * The transport was secure before the stream began (WebSocket over https, or a proxy that terminated TLS):
     * channel binding is offered only when the TLS is ours.
     */
    void transportSecured() {
        secure = true;
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        channelBinding = tls == null ? ChannelBinding.NONE : TlsChannelBinding.of(tls);
    }

    private CompletionStage<?> onSasl(XmlElement e) {
        if (!secure && policy == StartTlsPolicy.REQUIRED) {
            ctx.writeAndFlush(SaslExchange.answer(new SaslStep.Failure(SaslFailure.ENCRYPTION_REQUIRED,
                    "use STARTTLS first")));
            return null;
        }
        if (services.limits().isBlocked(address())) {
            ctx.write(SaslExchange.answer(new SaslStep.Failure(SaslFailure.TEMPORARY_AUTH_FAILURE,
                    "too many failed attempts")));
            stream.closeStream(new StreamError(StreamErrorCondition.POLICY_VIOLATION,
                    "too many failed authentications"));
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
        if (stream.isClosing()) {
            return;
        }
        if (failure != null) {
            log.warn("Authentication of {} failed internally", stream.remote(), failure);
            step = new SaslStep.Failure(SaslFailure.TEMPORARY_AUTH_FAILURE, null);
        }
        sasl.answered(step);
        ctx.writeAndFlush(SaslExchange.answer(step));
        if (step instanceof SaslStep.Success success) {
            account = BareJid.of(success.username(), host);
            // The INFO line of a login is "Bound <full JID> from <address>" once a resource is bound.
            log.debug("{} authenticated from {}", account, stream.remote());
            // RFC 6120 §6.4.6: the client opens a new stream; bytes it pipelined go to the new parser.
            stream.restarting();
            XmppStreamDecoder decoder = ctx.pipeline().get(XmppStreamDecoder.class);
            if (decoder != null) { // none over WebSocket: the client's next frame is a new <open/>
                decoder.restart();
            }
        } else if (step instanceof SaslStep.Failure f && f.condition() != SaslFailure.ABORTED) {
            // A wrong password counts against the stream's and the address's limits; a failure before any proof
            // (the client trying mechanisms, e.g. SCRAM-*-PLUS with a channel binding we lack) only against a
            // looser bound on the stream, so that such a client still reaches the mechanism it can use.
            boolean blocked = false;
            if (f.guessed()) {
                authFailures++;
                blocked = services.limits().recordFailure(address());
            }
            log.info("Authentication from {} failed: {}{}", stream.remote(), f.condition().elementName(),
                    f.guessed() ? "" : " (" + f.text() + "; not counted as a guess)");
            if (blocked || authFailures >= services.config().auth().maxAttempts()
                    || ++saslFailures >= MAX_SASL_FAILURES) {
                stream.closeStream(new StreamError(StreamErrorCondition.POLICY_VIOLATION,
                        "too many failed authentications"));
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
            stream.closeStream(StreamError.of(StreamErrorCondition.NOT_AUTHORIZED)); // RFC 6120 §4.9.3.12
            return null;
        }
        return services.router().handleUnauthenticated(host, iq.withAddresses(null, iq.to()),
                        address().getHostAddress())
                .thenAcceptAsync(reply -> {
                    if (!stream.isClosing()) {
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
            stream.closeStream(new StreamError(StreamErrorCondition.NOT_AUTHORIZED, "bind a resource first"));
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
        C2sSession session = new C2sSession(ctx.channel(), jid, maxPending, services.router()::bounce);
        Session replaced = services.router().sessions().add(session);
        if (replaced != null) {
            // RFC 6120 §7.7.2.2: the new session wins; the old one gets a conflict stream error.
            replaced.close(new StreamError(StreamErrorCondition.CONFLICT, "replaced by a new session"));
        }
        stream.bound(session);
        ctx.writeAndFlush(iq.result(ResourceBinding.result(jid)));
        log.info("Bound {} from {}", jid, stream.remote());
        services.events().publish(new Events.SessionBound(session));
        return null;
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

    private InetAddress address() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress()
                : InetAddress.getLoopbackAddress();
    }
}
