package dev.xmppd.core.storage.jdbc;

import dev.xmppd.core.storage.StorageException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run blocking JDBC calls, so that no event loop ever blocks (DESIGN.md §1). Fixed size, bounded
 * queue: when the database falls behind, new work fails fast instead of piling up without limit.
 */
final class StorageExecutor {

    static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    private final ThreadPoolExecutor executor;
    private final int queueCapacity;

    StorageExecutor(int threads, int queueCapacity) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity: " + queueCapacity + " (expected: >= 1)");
        }
        this.queueCapacity = queueCapacity;
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), threadFactory(), new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs the work on a storage thread. The stage completes on that thread, with the result or the exception the
     * work threw (checked ones wrapped in {@link StorageException}); if the work is refused, the stage is already
     * failed with a {@link StorageException} when returned.
     */
    <T> CompletionStage<T> submit(Callable<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            executor.execute(() -> complete(future, work));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(rejected(e));
        }
        return future;
    }

    /** True if no work is queued or running (a snapshot). */
    boolean isIdle() {
        return executor.getQueue().isEmpty() && executor.getActiveCount() == 0;
    }

    /** Lets queued work finish for up to {@code timeoutMillis}, then interrupts what is left. */
    void close(long timeoutMillis) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static <T> void complete(CompletableFuture<T> future, Callable<T> work) {
        try {
            future.complete(work.call());
        } catch (RuntimeException | Error e) {
            future.completeExceptionally(e);
        } catch (Exception e) {
            future.completeExceptionally(new StorageException(String.valueOf(e.getMessage()), e));
        }
    }

    private StorageException rejected(RejectedExecutionException e) {
        if (executor.isShutdown()) {
            return new StorageException("storage is closed", e);
        }
        return new StorageException("storage is overloaded: " + queueCapacity
                + " operations already queued (consider a larger storage.pool-size)", e);
    }

    private static ThreadFactory threadFactory() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "xmppd-storage-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
