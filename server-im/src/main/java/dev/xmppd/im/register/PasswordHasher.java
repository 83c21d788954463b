package dev.xmppd.im.register;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.auth.ScramCredential;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Derives the SCRAM credentials of a new password ({@link Passwords#derive}: PBKDF2, deliberately slow) on a small
 * bounded executor of its own, never on an event loop. Used by registration and by the admin commands (XEP-0133).
 * Idle threads end after a while; a full queue is refused at once rather than waited on.
 */
public final class PasswordHasher implements AutoCloseable {
    private final int iterations;
    private final ThreadPoolExecutor executor;

    /**
     * @param name the prefix of the thread names
     * @param iterations PBKDF2 iterations for the new credentials
     * @param threads the most passwords derived at once
     * @param queue the most passwords waiting
     */
    public PasswordHasher(String name, int iterations, int threads, int queue) {
        requireNonNull(name, "name");
        if (iterations < 1 || threads < 1 || queue < 1) {
            throw new IllegalArgumentException("iterations, threads, queue: " + iterations + ", " + threads + ", "
                    + queue + " (expected: >= 1)");
        }
        this.iterations = iterations;
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, name + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Completes with one credential per {@link ScramAlgorithm}. Fails with a {@link StanzaException}:
     * {@code not-acceptable} for a password that is not a valid PRECIS OpaqueString (RFC 8265 §4.2),
     * {@code resource-constraint} when too many passwords wait.
     */
    public CompletionStage<Map<ScramAlgorithm, ScramCredential>> derive(String password) {
        requireNonNull(password, "password");
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return Passwords.derive(password, iterations);
                } catch (IllegalArgumentException e) {
                    // Do not echo the password: the message names the rule only.
                    throw new StanzaException(Condition.NOT_ACCEPTABLE,
                            "password: not acceptable (expected: a PRECIS OpaqueString, RFC 8265 §4.2)");
                }
            }, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new StanzaException(Condition.RESOURCE_CONSTRAINT,
                    "the server is busy; try again later"));
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
