package dev.xmppd.app;

import dev.xmppd.core.config.XmppdConfig;
import java.util.concurrent.CompletableFuture;

/** A running server: listeners, router, modules and storage, wired by plain constructors. */
public final class XmppServer implements AutoCloseable {
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private XmppServer() {
    }

    /** Opens storage, starts the modules and binds every enabled listener; returns once it is serving. */
    public static XmppServer start(XmppdConfig config) {
        throw new IllegalStateException("being written");
    }

    /** Stops listening, closes every stream with system-shutdown, closes storage. Idempotent. */
    @Override
    public void close() {
        closed.complete(null);
    }

    /** Completes when the server has shut down. */
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }
}
