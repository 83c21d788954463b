package dev.xmppd.c2s.http;

import dev.xmppd.core.upload.FileMeta;
import dev.xmppd.core.upload.SlotTicket;
import dev.xmppd.core.upload.UploadFiles;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one HTTP/1.1 connection of the upload listener, one request at a time:
 * <ul>
 * <li>{@code PUT /upload/<id>/<name>?token=...}: checks the slot ticket (signature, expiry, Content-Length equal to
 * the announced size, Content-Type, if sent, equal to the announced type), then streams the body to disk through a
 * {@link FileSink}, pausing the socket while more than {@value #HIGH_WATER} bytes wait for the disk; {@code 201}
 * once the file is complete, {@code 409} if the slot was already used;</li>
 * <li>{@code GET}/{@code HEAD}: the file with its slot's type ({@link HttpReplies#file}), zero-copy on plain
 * connections and in chunks over TLS; {@code 404} for unknown, expired or misnamed files;</li>
 * <li>{@code OPTIONS}: the CORS preflight; other methods {@code 405}.</li>
 * </ul>
 * Requests pipelined behind one still being answered wait in a small backlog, so answers keep their order.
 */
final class UploadHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(UploadHandler.class);
    static final int HIGH_WATER = 1024 * 1024;
    private static final int MAX_BACKLOG = 64;
    /**
     * After a refusal the body still on its way is read and dropped, up to this many bytes or {@link #LINGER_MILLIS},
     * before the connection closes: closing with unread input makes the kernel answer with a reset, which can reach
     * the client before it read the answer (the lingering close of RFC 9112 §9.6).
     */
    static final int LINGER_BYTES = 1024 * 1024;
    static final long LINGER_MILLIS = 2000;

    private final UploadStore store;
    private final FileServer fileServer;
    private final Deque<Object> backlog = new ArrayDeque<>();
    /** A request is being answered; what arrives meanwhile (except the body of {@link #upload}) waits. */
    private boolean busy;
    private Upload upload;
    /** The last request's body has been read to its end (or it has none). */
    private boolean inputComplete = true;
    /** Dropping the rest of a refused request's body before closing; counts the bytes dropped. */
    private long lingered = -1;

    /** The PUT whose body is arriving. */
    private static final class Upload {
        final HttpRequest request;
        final SlotTicket ticket;
        final FileSink sink;
        final FileMeta meta;
        boolean bodyDone;
        boolean answered;

        Upload(HttpRequest request, SlotTicket ticket, FileSink sink, FileMeta meta) {
            this.request = request;
            this.ticket = ticket;
            this.sink = sink;
            this.meta = meta;
        }
    }

    UploadHandler(UploadStore store) {
        this.store = store;
        this.fileServer = new FileServer(store);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            inputComplete = msg instanceof LastHttpContent;
        } else if (msg instanceof LastHttpContent) {
            inputComplete = true;
        }
        if (lingered >= 0) {
            linger(ctx, msg);
            return;
        }
        boolean body = msg instanceof HttpContent && !(msg instanceof HttpRequest) && upload != null
                && !upload.bodyDone;
        if (busy && !body) {
            if (backlog.size() >= MAX_BACKLOG) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            backlog.add(msg);
            return;
        }
        dispatch(ctx, msg);
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest req) {
                request(ctx, req);
            }
            if (msg instanceof HttpContent content && upload != null && !upload.bodyDone) {
                body(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void request(ChannelHandlerContext ctx, HttpRequest req) {
        if (req.decoderResult().isFailure()) {
            reply(ctx, req, HttpResponseStatus.BAD_REQUEST, "malformed request", false);
            return;
        }
        UploadPath target = UploadPath.parse(req.uri());
        HttpMethod method = req.method();
        if (target == null) {
            reply(ctx, req, HttpResponseStatus.NOT_FOUND, "not found", !expectsBody(req));
        } else if (method.equals(HttpMethod.OPTIONS)) {
            FullHttpResponse r = HttpReplies.text(ctx.alloc(), HttpResponseStatus.NO_CONTENT, "");
            HttpReplies.preflight(r.headers());
            write(ctx, req, r, !expectsBody(req));
        } else if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            busy = true;
            ctx.channel().config().setAutoRead(false);
            fileServer.serve(ctx, req, target, method.equals(HttpMethod.HEAD), keepAlive -> done(ctx, keepAlive));
        } else if (method.equals(HttpMethod.PUT)) {
            put(ctx, req, target);
        } else {
            FullHttpResponse r = HttpReplies.text(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "use GET, HEAD, PUT or OPTIONS");
            r.headers().set(HttpHeaderNames.ALLOW, HttpReplies.METHODS);
            write(ctx, req, r, !expectsBody(req));
        }
    }

    private void put(ChannelHandlerContext ctx, HttpRequest req, UploadPath target) {
        String token = UploadPath.query(req.uri(), "token");
        if (token == null) {
            refuse(ctx, req, HttpResponseStatus.FORBIDDEN, "uploads need the URL of a slot (its token is missing)");
            return;
        }
        SlotTicket ticket;
        try {
            ticket = SlotTicket.verify(store.key(), target.id(), target.filename(), token);
        } catch (IllegalArgumentException e) {
            refuse(ctx, req, HttpResponseStatus.FORBIDDEN, e.getMessage());
            return;
        }
        if (!store.clock().instant().isBefore(ticket.expires())) {
            refuse(ctx, req, HttpResponseStatus.FORBIDDEN, "the slot expired at " + ticket.expires()
                    + "; request a new one");
            return;
        }
        if (HttpUtil.isTransferEncodingChunked(req) || !HttpUtil.isContentLengthSet(req)) {
            refuse(ctx, req, HttpResponseStatus.LENGTH_REQUIRED, "Content-Length is required");
            return;
        }
        long length = HttpUtil.getContentLength(req, -1L);
        if (length != ticket.size()) {
            refuse(ctx, req, length > ticket.size() ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST, "Content-Length " + length + " differs from the slot's size "
                    + ticket.size());
            return;
        }
        String sent = mediaType(req.headers().get(HttpHeaderNames.CONTENT_TYPE));
        // XEP-0363 §7: SHOULD reject a type other than the announced one; a PUT without any is served as announced.
        if (!ticket.contentType().isEmpty() && !sent.isEmpty() && !ticket.contentType().equalsIgnoreCase(sent)) {
            refuse(ctx, req, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + sent
                    + "' differs from the slot's '" + ticket.contentType() + "'");
            return;
        }
        String type = !ticket.contentType().isEmpty() ? ticket.contentType()
                : sent.isEmpty() ? "application/octet-stream" : sent;
        FileMeta meta = new FileMeta(ticket.filename(), type, ticket.size(), ticket.owner(), store.clock().instant());
        FileSink sink;
        try {
            sink = new FileSink(store.executor(), UploadFiles.part(store.files(), ticket.id()),
                    UploadFiles.content(store.files(), ticket.id()), UploadFiles.meta(store.files(), ticket.id()),
                    () -> ctx.executor().execute(() -> resume(ctx)));
        } catch (RejectedExecutionException e) {
            refuse(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, "the server is busy; try again");
            return;
        }
        Upload u = new Upload(req, ticket, sink, meta);
        upload = u;
        busy = true;
        sink.opened().whenComplete((v, e) -> {
            if (e != null) {
                ctx.executor().execute(() -> failed(ctx, u, e));
            }
        });
        if (HttpUtil.is100ContinueExpected(req)) {
            ctx.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
    }

    private void body(ChannelHandlerContext ctx, HttpContent content) {
        Upload u = upload;
        if (!u.answered && content.content().isReadable()) {
            u.sink.write(content.content().retain());
            if (u.sink.shouldPause(HIGH_WATER)) {
                ctx.channel().config().setAutoRead(false);
            }
        }
        if (content instanceof LastHttpContent) {
            u.bodyDone = true;
            ctx.channel().config().setAutoRead(false);
            if (u.answered) {
                return;
            }
            u.sink.finish(u.meta).whenComplete((v, e) -> ctx.executor().execute(() -> {
                if (e != null) {
                    failed(ctx, u, e);
                    return;
                }
                u.answered = true;
                log.debug("upload: stored {} ({} bytes, {}) for {}", u.ticket.id(), u.meta.size(),
                        u.meta.contentType(), u.meta.owner());
                upload = null;
                write(ctx, u.request, HttpReplies.text(ctx.alloc(), HttpResponseStatus.CREATED, "created"), true);
            }));
        }
    }

    /** The sink drained below the low-water mark: read from the socket again if the body is still arriving. */
    private void resume(ChannelHandlerContext ctx) {
        if (upload != null && !upload.bodyDone) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void failed(ChannelHandlerContext ctx, Upload u, Throwable e) {
        if (u.answered) {
            return;
        }
        u.answered = true;
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause.getCause() instanceof FileAlreadyExistsException) {
            log.info("upload: PUT of slot {} from {} refused: 409, the slot was already used", u.ticket.id(),
                    ctx.channel().remoteAddress());
            reply(ctx, u.request, HttpResponseStatus.CONFLICT, "this slot was already used; request a new one",
                    false);
        } else {
            log.warn("upload: storing slot {} ({} bytes) for {} failed under {}: {}", u.ticket.id(), u.meta.size(),
                    u.meta.owner(), store.files(), cause.getMessage());
            reply(ctx, u.request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "the file could not be stored", false);
        }
        u.sink.abort();
    }

    private void refuse(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, String reason) {
        log.info("upload: {} {} from {} refused: {} {}", req.method(), pathOnly(req.uri()),
                ctx.channel().remoteAddress(), status.code(), reason);
        // The connection closes after the answer, and after the body that may follow (see LINGER_BYTES).
        reply(ctx, req, status, reason, false);
    }

    private void reply(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, String text,
            boolean keepAlive) {
        write(ctx, req, HttpReplies.text(ctx.alloc(), status, text), keepAlive);
    }

    private void write(ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse response, boolean keepAlive) {
        boolean keep = keepAlive && HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(response, keep);
        busy = true;
        ChannelFuture f = ctx.writeAndFlush(response);
        f.addListener((ChannelFutureListener) future -> done(ctx, keep && future.isSuccess()));
    }

    /** The answer is written: close (after the rest of the request's body, if any), or take the next request. */
    private void done(ChannelHandlerContext ctx, boolean keepAlive) {
        if (!keepAlive) {
            upload = null;
            backlog.forEach(ReferenceCountUtil::release);
            backlog.clear();
            if (inputComplete) {
                ctx.close();
            } else {
                lingered = 0;
                ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
                ctx.channel().config().setAutoRead(true);
            }
            return;
        }
        busy = false;
        ctx.channel().config().setAutoRead(true);
        while (!busy && !backlog.isEmpty()) {
            dispatch(ctx, backlog.poll());
        }
    }

    private void linger(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpContent content) {
            lingered += content.content().readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (inputComplete || lingered > LINGER_BYTES) {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close(); // nothing sent or received for a while, upload or not
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (upload != null && !upload.answered) {
            upload.answered = true;
            log.debug("upload: the connection of slot {} closed before the file was complete", upload.ticket.id());
            upload.sink.abort();
        }
        upload = null;
        backlog.forEach(ReferenceCountUtil::release);
        backlog.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("upload: connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static boolean expectsBody(HttpRequest req) {
        return HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
    }

    /** The media type of a Content-Type header, without parameters, lower case; "" if absent. */
    static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static String pathOnly(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
