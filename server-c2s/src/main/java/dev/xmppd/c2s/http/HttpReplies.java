package dev.xmppd.c2s.http;

import dev.xmppd.core.upload.FileMeta;
import dev.xmppd.core.upload.SlotTicket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The headers every answer of the upload listener carries (CORS for web clients) and those of served files: the
 * slot's type, {@code nosniff}, a sandboxing policy, and {@code attachment} for every type a browser could run.
 */
public final class HttpReplies {
    static final String METHODS = "GET, HEAD, PUT, OPTIONS";
    /** Types shown inline; everything else (HTML, SVG, XML, scripts, PDF, unknown) is a download. */
    private static final Pattern INLINE = Pattern.compile(
            "image/(png|jpeg|gif|webp|avif|heic|heif|bmp)|audio/[a-z0-9.+-]+|video/[a-z0-9.+-]+|text/plain");

    private HttpReplies() {
    }

    /** A short text answer (errors, 201, preflight), with CORS for any origin; an empty text gives no body. */
    public static FullHttpResponse text(ByteBufAllocator alloc, HttpResponseStatus status, String text) {
        ByteBuf body = text.isEmpty() ? alloc.buffer(0) : alloc.buffer().writeBytes(
                (text + "\n").getBytes(StandardCharsets.UTF_8));
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (body.isReadable()) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        }
        cors(r.headers());
        return r;
    }

    /** Writes a complete answer to {@code req}, keeping the connection only if the request allows it. */
    public static void send(ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse r) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(r, keepAlive);
        var written = ctx.writeAndFlush(r);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Any origin may read the files and upload with a slot: access is controlled by the unguessable URL. */
    static void cors(HttpHeaders h) {
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    }

    /** The answer to a CORS preflight (OPTIONS). */
    static void preflight(HttpHeaders h) {
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type");
        h.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 86400);
        h.set(HttpHeaderNames.ALLOW, METHODS);
    }

    /** Headers of a stored file. */
    static void file(HttpHeaders h, FileMeta meta) {
        cors(h);
        h.set(HttpHeaderNames.CONTENT_TYPE, meta.contentType());
        h.set(HttpHeaderNames.CONTENT_LENGTH, meta.size());
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox");
        h.set(HttpHeaderNames.CONTENT_DISPOSITION, disposition(meta.contentType(), meta.filename()));
        h.set(HttpHeaderNames.ACCEPT_RANGES, "none");
        h.set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=31536000, immutable");
    }

    /** RFC 6266: {@code inline} only for types a browser shows without running anything, with the name as UTF-8. */
    static String disposition(String contentType, String filename) {
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            type = type.substring(0, semicolon).trim();
        }
        return (INLINE.matcher(type).matches() ? "inline" : "attachment") + "; filename*=UTF-8''"
                + SlotTicket.encodeSegment(filename);
    }
}
