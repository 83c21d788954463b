package dev.xmppd.app.cli;

import java.util.concurrent.CompletableFuture;

/** A started server as the {@code run} command sees it. */
public interface RunningServer extends AutoCloseable {

    /** Stops the server cleanly; idempotent. */
    @Override
    void close();

    /** Completes when the server has stopped. */
    CompletableFuture<Void> closeFuture();
}
