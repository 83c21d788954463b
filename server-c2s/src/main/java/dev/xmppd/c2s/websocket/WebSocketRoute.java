package dev.xmppd.c2s.websocket;

import dev.xmppd.c2s.http.HttpReplies;
import dev.xmppd.c2s.C2sChannelInitializer;
import dev.xmppd.core.config.LimitsConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of an HTTP listener's connection after the HTTP codec: it takes the requests that are ours and
 * lets the others (uploads) through.
 * <ul>
 * <li>{@code GET /xmpp-websocket}: the RFC 7395 opening handshake, only with the {@code xmpp} subprotocol (§3.1; a
 * request without it gets {@code 400}), only on a secure connection ({@code 403} on the plain listener unless
 * {@code websocket.behind-tls-proxy}), counted against {@code limits.connections-per-ip} ({@code 503} beyond it).
 * On success the connection stops being HTTP: the upload handler goes, and the pipeline becomes
 * <pre>
 * rate → [tls] → ws-decoder → ws-encoder → ws-route → ws-utf8 → ws-aggregator → ws-xmpp → liveness → c2s
 * </pre>
 * with the same client stream handler as TCP (see {@link XmppFraming}).</li>
 * <li>{@code /.well-known/host-meta} and {@code host-meta.json} (XEP-0156), with CORS for any origin.</li>
 * </ul>
 */
final class WebSocketRoute extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebSocketRoute.class);
    private static final String SUBPROTOCOL = "xmpp";

    private final WebSocketEndpoint endpoint;
    private final boolean tls;
    /** The rest of a request we answered (its body, if any) is dropped. */
    private boolean skipping;
    /** The connection is a WebSocket now: HTTP leftovers are dropped, frames pass. */
    private boolean upgraded;

    WebSocketRoute(WebSocketEndpoint endpoint, boolean tls) {
        this.endpoint = endpoint;
        this.tls = tls;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req && !upgraded) {
            String path = new QueryStringDecoder(req.uri()).path();
            if (path.equals(WebSocketEndpoint.PATH)) {
                skipping = true;
                try {
                    upgrade(ctx, req);
                } finally {
                    ReferenceCountUtil.release(msg);
                }
                return;
            }
            if (path.equals(HostMeta.PATH) || path.equals(HostMeta.JSON_PATH)) {
                skipping = true;
                try {
                    hostMeta(ctx, req, path.equals(HostMeta.JSON_PATH));
                } finally {
                    ReferenceCountUtil.release(msg);
                }
                return;
            }
            skipping = false;
        }
        if (upgraded && msg instanceof HttpObject || skipping && msg instanceof HttpContent) {
            if (msg instanceof LastHttpContent) {
                skipping = false;
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void upgrade(ChannelHandlerContext ctx, HttpRequest req) {
        if (!req.method().equals(HttpMethod.GET)
                || !HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))) {
            reply(ctx, req, HttpResponseStatus.BAD_REQUEST, "a WebSocket upgrade (RFC 6455) is expected here");
            return;
        }
        if (!offersXmpp(req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL))) {
            reply(ctx, req, HttpResponseStatus.BAD_REQUEST,
                    "the 'xmpp' WebSocket subprotocol is required (RFC 7395 §3.1)");
            return;
        }
        if (!tls && !endpoint.behindTlsProxy()) {
            log.warn("Refused a WebSocket client from {} on listeners.http: the connection is not encrypted; use "
                    + "listeners.https, or set websocket.behind-tls-proxy: true if a proxy terminates TLS in front",
                    ctx.channel().remoteAddress());
            reply(ctx, req, HttpResponseStatus.FORBIDDEN, "XMPP over WebSocket needs TLS (wss://)");
            return;
        }
        InetAddress address = address(ctx);
        LimitsConfig limits = endpoint.services().config().limits();
        if (!endpoint.services().limits().tryOpen(address)) {
            log.warn("Refused a WebSocket connection from {}: limits.connections-per-ip ({}) reached", address,
                    limits.connectionsPerIp());
            reply(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, "too many connections");
            return;
        }
        ctx.channel().closeFuture().addListener(f -> endpoint.services().limits().close(address));
        WebSocketDecoderConfig frames = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(limits.c2sStanzaBytes()).allowExtensions(false)
                .closeOnProtocolViolation(false).build();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                endpoint.url(req.headers().get(HttpHeaderNames.HOST)), SUBPROTOCOL, frames).newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        upgraded = true;
        DefaultFullHttpRequest full = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(),
                Unpooled.EMPTY_BUFFER, req.headers(), EmptyHttpHeaders.INSTANCE);
        handshaker.handshake(ctx.channel(), full).addListener(f -> {
            if (f.isSuccess()) {
                becomeStream(ctx, limits);
            } else {
                log.debug("WebSocket handshake with {} failed: {}", address, f.cause().getMessage());
                ctx.close();
            }
        });
    }

    /** The handshake is answered: replace the HTTP handlers with the XMPP stream. */
    private void becomeStream(ChannelHandlerContext ctx, LimitsConfig limits) {
        ChannelPipeline p = ctx.pipeline();
        for (String name : new String[] {"chunked", "upload"}) {
            if (p.get(name) != null) {
                p.remove(name);
            }
        }
        p.remove("idle"); // the HTTP phase's; the stream's liveness handler keeps its own time
        p.addLast("ws-utf8", new Utf8FrameValidator(false));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(limits.c2sStanzaBytes()));
        p.addLast("ws-xmpp", new XmppFraming(C2sChannelInitializer.streamLimits(limits)));
        C2sChannelInitializer.attachStream(ctx.channel(), endpoint.services());
        log.debug("WebSocket stream from {} ({})", ctx.channel().remoteAddress(), tls ? "wss" : "ws via a TLS proxy");
    }

    static boolean offersXmpp(String header) {
        if (header == null) {
            return false;
        }
        for (String offered : header.split(",")) {
            if (offered.trim().equals(SUBPROTOCOL)) {
                return true;
            }
        }
        return false;
    }

    private void hostMeta(ChannelHandlerContext ctx, HttpRequest req, boolean json) {
        HttpMethod method = req.method();
        if (method.equals(HttpMethod.OPTIONS)) {
            FullHttpResponse r = response(ctx, HttpResponseStatus.NO_CONTENT, null, null);
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS")
                    .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 86400)
                    .set(HttpHeaderNames.ALLOW, "GET, HEAD, OPTIONS");
            HttpReplies.send(ctx, req, r);
            return;
        }
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            FullHttpResponse r = response(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, null, null);
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD, OPTIONS");
            HttpReplies.send(ctx, req, r);
            return;
        }
        var links = endpoint.links(req.headers().get(HttpHeaderNames.HOST));
        String body = json ? HostMeta.json(links) : HostMeta.xrd(links);
        FullHttpResponse r = response(ctx, HttpResponseStatus.OK, json ? "application/json" : "application/xrd+xml",
                body);
        if (method.equals(HttpMethod.HEAD)) {
            r.content().clear();
        }
        HttpReplies.send(ctx, req, r);
    }

    private void reply(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, String text) {
        HttpReplies.send(ctx, req, response(ctx, status, "text/plain; charset=utf-8", text + "\n"));
    }

    /** An answer with CORS for any origin: discovery is public, and browsers need it for a cross-origin fetch. */
    private static FullHttpResponse response(ChannelHandlerContext ctx, HttpResponseStatus status, String type,
            String body) {
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER
                : ctx.alloc().buffer().writeBytes(body.getBytes(StandardCharsets.UTF_8));
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        if (type != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        return r;
    }

    private static InetAddress address(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress()
                : InetAddress.getLoopbackAddress();
    }
}
