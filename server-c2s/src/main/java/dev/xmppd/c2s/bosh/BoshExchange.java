package dev.xmppd.c2s.bosh;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One BOSH request on its HTTP connection, until it is answered: a session may hold it for a while (XEP-0124 §7.2).
 * The answer is written from the session's event loop; the connection's handler asks whether it is still open.
 */
final class BoshExchange {
    static final String CONTENT_TYPE = "text/xml; charset=utf-8";

    private final ChannelHandlerContext ctx;
    private final boolean keepAlive;
    private volatile boolean done;
    private volatile BoshSession session;

    BoshExchange(ChannelHandlerContext ctx, boolean keepAlive) {
        this.ctx = ctx;
        this.keepAlive = keepAlive;
    }

    /** Writes the response: {@code 200} with {@code body}, once. */
    void send(byte[] body) {
        if (done) {
            return;
        }
        done = true;
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        HttpUtil.setKeepAlive(r, keepAlive);
        var written = ctx.writeAndFlush(r);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    boolean isDone() {
        return done;
    }

    /** The session holding this request, told when the connection goes away or carries the next request. */
    void heldBy(BoshSession holder) {
        this.session = holder;
    }

    /** Its connection is gone: it will never be answered. */
    void abandon() {
        if (done) {
            return;
        }
        done = true;
        BoshSession s = session;
        if (s != null) {
            s.channel().eventLoop().execute(() -> s.abandoned(this));
        }
    }

    /** A new request came on the same connection: HTTP answers in order, so this one is answered first. */
    void preempt() {
        BoshSession s = session;
        if (!done && s != null) {
            s.channel().eventLoop().execute(() -> s.preempted(this));
        }
    }
}
