package dev.xmppd.c2s.http;

import dev.xmppd.core.upload.FileMeta;
import dev.xmppd.core.upload.UploadFiles;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET and HEAD of stored files. The meta file is read and the file opened on the file executor; the event loop then
 * writes the headers and hands the file to Netty: a {@link DefaultFileRegion} (sendfile, no copy) on plain
 * connections, a {@link ChunkedFile} through the {@code ChunkedWriteHandler} under TLS, which must encrypt it.
 */
final class FileServer {
    private static final Logger log = LoggerFactory.getLogger(FileServer.class);
    private static final int CHUNK = 64 * 1024;

    private final UploadStore store;

    FileServer(UploadStore store) {
        this.store = store;
    }

    private record Found(FileMeta meta, RandomAccessFile file) {
    }

    /** Answers; {@code done} gets whether the connection may take another request. */
    void serve(ChannelHandlerContext ctx, HttpRequest req, UploadPath target, boolean head, Consumer<Boolean> done) {
        CompletableFuture<Found> lookup;
        try {
            lookup = CompletableFuture.supplyAsync(() -> find(target, head), store.executor());
        } catch (RejectedExecutionException e) {
            lookup = CompletableFuture.failedFuture(e);
        }
        lookup.whenComplete((found, e) -> ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                close(found);
                return;
            }
            if (e != null) {
                log.warn("upload: reading {} under {} failed: {}", target.id(), store.files(), e.getMessage());
                answer(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, done);
            } else if (found == null) {
                answer(ctx, req, HttpResponseStatus.NOT_FOUND, done);
            } else {
                send(ctx, req, found, done);
            }
        }));
    }

    /** The file, if it exists under this name and has not expired; opened unless {@code head}. */
    private Found find(UploadPath target, boolean head) {
        try {
            FileMeta meta = FileMeta.read(UploadFiles.meta(store.files(), target.id()));
            if (!meta.filename().equals(target.filename()) || store.expired(meta)) {
                return null;
            }
            RandomAccessFile file = null;
            if (!head) {
                file = new RandomAccessFile(UploadFiles.content(store.files(), target.id()).toFile(), "r");
                if (file.length() != meta.size()) {
                    file.close();
                    return null;
                }
            }
            return new Found(meta, file);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void send(ChannelHandlerContext ctx, HttpRequest req, Found found, Consumer<Boolean> done) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpReplies.file(response.headers(), found.meta());
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture last;
        if (found.file() == null) {
            ctx.write(response);
            last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        } else if (ctx.pipeline().get(SslHandler.class) != null) {
            ctx.write(response);
            try {
                last = ctx.writeAndFlush(new HttpChunkedInput(new ChunkedFile(found.file(), 0, found.meta().size(),
                        CHUNK)));
            } catch (IOException e) {
                close(found);
                ctx.close();
                return;
            }
        } else {
            ctx.write(response);
            ctx.write(new DefaultFileRegion(found.file().getChannel(), 0, found.meta().size()));
            last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        last.addListener((ChannelFutureListener) f -> done.accept(keepAlive && f.isSuccess()));
    }

    private static void answer(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status,
            Consumer<Boolean> done) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        var response = HttpReplies.text(ctx.alloc(), status, status == HttpResponseStatus.NOT_FOUND ? "not found"
                : "the file could not be read");
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> done.accept(keepAlive && f.isSuccess()));
    }

    private static void close(Found found) {
        if (found != null && found.file() != null) {
            try {
                found.file().close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
