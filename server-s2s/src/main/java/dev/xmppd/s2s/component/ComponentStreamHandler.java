package dev.xmppd.s2s.component;

import dev.xmppd.core.config.ComponentConfig;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.stream.StreamClose;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.s2s.in.OrderedInput;
import dev.xmppd.s2s.stream.StreamIds;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one external component's stream (XEP-0114, {@code jabber:component:accept}), on its event
 * loop only:
 * <pre>
 * C: &lt;stream:stream xmlns='jabber:component:accept' xmlns:stream='...' to='gateway.example.com'&gt;
 * S: &lt;stream:stream xmlns='jabber:component:accept' xmlns:stream='...' from='gateway.example.com' id='…'&gt;
 *    (or host-unknown when no such component is configured)
 * C: &lt;handshake&gt;hex(SHA-1(id + secret))&lt;/handshake&gt;
 * S: &lt;handshake/&gt;                           (or not-authorized, and the connection is closed)
 * C/S: stanzas, both ways
 * </pre>
 * Anything before a successful handshake ends the stream with {@code not-authorized}; so does silence past
 * {@code limits.unauthenticated-timeout} ({@code connection-timeout}). Stanzas from the component pass
 * {@link ComponentStanzas} and are routed in order (RFC 6120 §10.1, {@link OrderedInput}).
 *
 * <p>A second stream for a domain that is connected replaces the first, which ends with {@code conflict}: the
 * new one has proven it knows the secret, and a restarted gateway must not be locked out for as long as its old
 * connection lingers half-open. Two processes configured with the same domain then take turns, and the log shows
 * each replacement.
 */
final class ComponentStreamHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ComponentStreamHandler.class);

    private enum State { HEADER, HANDSHAKE, READY }

    private final ComponentLinks links;
    private final ComponentStanzas stanzas;
    private final Duration authTimeout;
    private final long maxPendingBytes;
    private final OrderedInput input = new OrderedInput(this::process);
    private ChannelHandlerContext ctx;
    private State state = State.HEADER;
    private String domain;
    private String streamId;
    private ComponentLink link;
    private boolean headerSent;
    private boolean closing;
    private ScheduledFuture<?> timeout;

    ComponentStreamHandler(ComponentLinks links, StanzaRouter router, Duration authTimeout, long maxPendingBytes) {
        this.links = links;
        this.stanzas = new ComponentStanzas(router);
        this.authTimeout = authTimeout;
        this.maxPendingBytes = maxPendingBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        timeout = context.executor().schedule(this::timedOut, authTimeout.toMillis(), TimeUnit.MILLISECONDS);
        context.fireChannelActive();
    }

    private void timedOut() {
        if (state != State.READY && !closing) {
            refuse(StreamErrorCondition.CONNECTION_TIMEOUT, "no handshake within " + authTimeout
                    + " (limits.unauthenticated-timeout)");
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
                log.warn("component: {} bad input: {}", describe(), text(error));
                closeStream(error);
            } else if (msg == StreamClose.INSTANCE) {
                closeStream(null);
            }
        } catch (RuntimeException e) {
            log.error("component: {} internal error", describe(), e);
            closeStream(StreamError.of(StreamErrorCondition.INTERNAL_SERVER_ERROR));
        }
        return null;
    }

    private void onOpen(StreamOpen open) {
        if (state != State.HEADER) {
            closeStream(new StreamError(StreamErrorCondition.POLICY_VIOLATION, "a second stream header"));
            return;
        }
        domain = domainOrNull(open.to());
        ComponentConfig config = links.config(domain);
        if (config == null) {
            // XEP-0114 §3: a component this server does not serve.
            String requested = open.to() == null ? "no 'to'" : open.to();
            domain = null;
            refuse(StreamErrorCondition.HOST_UNKNOWN, "no component is configured for " + requested
                    + " (components)");
            return;
        }
        streamId = StreamIds.next();
        ctx.writeAndFlush(new StreamOpen(Namespaces.COMPONENT, null, domain, streamId, null, null, false));
        headerSent = true;
        state = State.HANDSHAKE;
    }

    private CompletionStage<?> onElement(XmlElement e) {
        if (e.is(Namespaces.STREAM, "error")) {
            log.warn("component: {} closed by the component: {}", describe(), e.toXml());
            closeStream(null);
            return null;
        }
        if (state == State.READY) {
            return stanzas.handle(domain, e, this::reject);
        }
        if (state == State.HANDSHAKE && e.is(Namespaces.COMPONENT, "handshake")) {
            onHandshake(e.text());
            return null;
        }
        refuse(StreamErrorCondition.NOT_AUTHORIZED, "<" + e.name() + "/> before the handshake");
        return null;
    }

    private void onHandshake(String digest) {
        ComponentConfig config = links.config(domain);
        if (!Handshake.matches(streamId, config.secret(), digest)) {
            refuse(StreamErrorCondition.NOT_AUTHORIZED, "wrong handshake: the secret differs from components."
                    + domain + ".secret");
            return;
        }
        state = State.READY;
        timeout.cancel(false);
        link = new ComponentLink(domain, ctx.channel(), maxPendingBytes, this);
        // Attached before the answer: once the component reads <handshake/>, stanzas for its domain reach it.
        ComponentLink previous = links.attach(link);
        ctx.writeAndFlush(XmlElement.empty(Namespaces.COMPONENT, "handshake"));
        log.info("component: {} connected from {} (authenticated)", domain, link.peer());
        if (previous != null) {
            log.warn("component: {} connected again from {}: the stream from {} is closed with conflict",
                    domain, link.peer(), previous.peer());
            previous.close(new StreamError(StreamErrorCondition.CONFLICT, "replaced by a new connection for "
                    + domain));
        }
    }

    /** Refused before or at the handshake: logged with the reason, then the stream error. */
    private void refuse(StreamErrorCondition condition, String reason) {
        log.warn("component: {} refused: {}: {}", describe(), condition.elementName(), reason);
        closeStream(new StreamError(condition, reason));
    }

    private void reject(StreamError error) {
        log.warn("component: {} sent a bad stanza: {}", describe(), text(error));
        closeStream(error);
    }

    /** Ends the stream: the header first if none was sent (RFC 6120 §4.9.1.2), the error if any, the connection. */
    void closeStream(StreamError error) {
        if (closing) {
            return;
        }
        closing = true;
        input.clear();
        detach(error == null ? "stream closed" : error.condition().elementName());
        if (!headerSent && error != null && ctx.channel().isActive()) {
            ctx.write(new StreamOpen(Namespaces.COMPONENT, null, domain, StreamIds.next(), null, null, false));
        }
        if (error != null) {
            ctx.write(error);
        }
        ctx.writeAndFlush(StreamClose.INSTANCE).addListener(ChannelFutureListener.CLOSE);
    }

    private void detach(String reason) {
        if (link != null && links.detach(link)) {
            log.info("component: {} disconnected (from {}: {}); its stanzas get service-unavailable until it"
                    + " reconnects", domain, link.peer(), reason);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        closing = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        detach("connection closed");
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof IOException) {
            log.info("component: {} connection failed: {}", describe(), cause.getMessage());
        } else {
            log.warn("component: {} unexpected failure", describe(), cause);
        }
        context.close();
    }

    /** "gateway.example.com from 127.0.0.1:4711", "?" while the domain is not known. */
    private String describe() {
        return (domain != null ? domain : "?") + " from " + ctx.channel().remoteAddress();
    }

    private static String text(StreamError error) {
        return error.text() == null ? error.condition().elementName()
                : error.condition().elementName() + ": " + error.text();
    }

    private static String domainOrNull(String to) {
        if (to == null) {
            return null;
        }
        try {
            Jid jid = Jid.parse(to);
            return jid.isDomain() ? jid.domain() : null;
        } catch (JidFormatException e) {
            return null;
        }
    }
}
