package dev.xmppd.c2s.bosh;

import dev.xmppd.c2s.http.HttpReplies;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The BOSH handler of one HTTP connection: it takes the requests for {@code /http-bind} and lets the others through.
 * {@code POST} bodies (at most a stanza's size plus room for the body element) are parsed as one document, with no
 * DTD or entities, and handed to the {@link BoshEndpoint}; {@code OPTIONS} answers a CORS preflight, {@code GET} says
 * what the URL is. While a request is held the connection's idle timer is not heeded: the session answers within
 * {@code wait}.
 */
final class BoshRoute extends ChannelInboundHandlerAdapter {
    private static final String METHODS = "GET, POST, OPTIONS";

    private final BoshEndpoint endpoint;
    private final boolean tls;
    private HttpRequest request;
    private ByteBuf body;
    private boolean skipping;
    private BoshExchange current;

    BoshRoute(BoshEndpoint endpoint, boolean tls) {
        this.endpoint = endpoint;
        this.tls = tls;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            String path = new QueryStringDecoder(req.uri()).path();
            if (path.equals(BoshEndpoint.PATH) || path.equals(BoshEndpoint.PATH + "/")) {
                try {
                    begin(ctx, req);
                } finally {
                    ReferenceCountUtil.release(msg);
                }
                return;
            }
        }
        if ((request != null || skipping) && msg instanceof HttpContent content) {
            try {
                if (request != null) {
                    append(ctx, content);
                }
                if (msg instanceof LastHttpContent) {
                    skipping = false;
                    if (request != null) {
                        finish(ctx);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest req) {
        skipping = true;
        HttpMethod method = req.method();
        if (method.equals(HttpMethod.OPTIONS)) {
            FullHttpResponse r = HttpReplies.text(ctx.alloc(), HttpResponseStatus.NO_CONTENT, "");
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, METHODS)
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type")
                    .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 86400)
                    .set(HttpHeaderNames.ALLOW, METHODS);
            HttpReplies.send(ctx, req, r);
        } else if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            HttpReplies.send(ctx, req, HttpReplies.text(ctx.alloc(), HttpResponseStatus.OK,
                    "This is an XMPP BOSH endpoint (XEP-0206): point a BOSH client at this URL."));
        } else if (!method.equals(HttpMethod.POST)) {
            FullHttpResponse r = HttpReplies.text(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "POST a <body/> here (XEP-0124)");
            r.headers().set(HttpHeaderNames.ALLOW, METHODS);
            HttpReplies.send(ctx, req, r);
        } else if (HttpUtil.getContentLength(req, -1L) > endpoint.maxBodyBytes()) {
            HttpReplies.send(ctx, req, HttpReplies.text(ctx.alloc(), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "a BOSH request larger than " + endpoint.maxBodyBytes() + " bytes"));
        } else {
            skipping = false;
            request = req;
            body = ctx.alloc().buffer();
        }
    }

    private void append(ChannelHandlerContext ctx, HttpContent content) {
        if (body.readableBytes() + content.content().readableBytes() > endpoint.maxBodyBytes()) {
            HttpRequest req = request;
            reset();
            skipping = !(content instanceof LastHttpContent);
            HttpReplies.send(ctx, req, HttpReplies.text(ctx.alloc(), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "a BOSH request larger than " + endpoint.maxBodyBytes() + " bytes"));
            return;
        }
        body.writeBytes(content.content());
    }

    private void finish(ChannelHandlerContext ctx) {
        HttpRequest req = request;
        byte[] bytes = ByteBufUtil.getBytes(body);
        reset();
        if (current != null && !current.isDone()) {
            current.preempt(); // answered before this one, as HTTP/1.1 requires
        }
        BoshExchange exchange = new BoshExchange(ctx, HttpUtil.isKeepAlive(req));
        current = exchange;
        XmlElement parsed;
        try {
            parsed = XmlParser.parse(bytes);
        } catch (IllegalArgumentException e) {
            exchange.send(BoshSession.terminateBody("bad-request"));
            return;
        }
        endpoint.handle(exchange, parsed, bytes.length, ctx, tls);
    }

    private void reset() {
        request = null;
        if (body != null) {
            body.release();
            body = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && current != null && !current.isDone()) {
            return; // a held request: the session answers it within its wait
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reset();
        if (current != null) {
            current.abandon();
        }
        ctx.fireChannelInactive();
    }
}
