package dev.xmppd.core.storage.memory;

import dev.xmppd.core.storage.StorageException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** Runs the work of a memory store at once, as a complete stage; a closed provider fails it as JDBC would. */
final class Stages {

    private Stages() {
    }

    static <T> CompletionStage<T> run(AtomicBoolean closed, Supplier<T> work) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new StorageException("storage is closed"));
        }
        try {
            return CompletableFuture.completedFuture(work.get());
        } catch (RuntimeException e) {
            // As on a storage thread: what the work throws fails the stage (e.g. ItemNotFoundException).
            return CompletableFuture.failedFuture(e);
        }
    }
}
