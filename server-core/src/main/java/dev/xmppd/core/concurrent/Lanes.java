package dev.xmppd.core.concurrent;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous work one item at a time per key, in submission order, without blocking a thread: each key's
 * lane is a chain of futures. Work for different keys runs concurrently. A lane that empties is forgotten, so
 * memory is bounded by the keys with work in flight.
 *
 * <pre>{@code
 * lanes.submit(owner, () -> archive.append(owner, id, now, with, stanza)); // appends keep their order per owner
 * }</pre>
 *
 * @param <K> the key, e.g. an archive owner
 */
public final class Lanes<K> {
    private final ConcurrentHashMap<K, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /**
     * Starts {@code work} once everything submitted earlier for the key has completed (successfully or not).
     *
     * @return completes as the work's stage does
     */
    public <T> CompletableFuture<T> submit(K key, Supplier<? extends CompletionStage<T>> work) {
        requireNonNull(key, "key");
        requireNonNull(work, "work");
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<?> previous = tails.put(key, done);
        Runnable start = () -> {
            CompletionStage<T> stage;
            try {
                stage = work.get();
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((value, failure) -> {
                tails.remove(key, done);
                done.complete(null);
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        };
        if (previous == null) {
            start.run();
        } else {
            previous.whenComplete((v, e) -> start.run());
        }
        return result;
    }

    /** The number of keys with work queued or running (for tests and metrics). */
    public int size() {
        return tails.size();
    }
}
