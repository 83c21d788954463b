package dev.xmppd.core.router;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Iq;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * IQ requests the server sent on its own behalf (e.g. a disco#info query to a client for XEP-0115 caps), waiting for
 * their response. A response matches by id and only if it comes from the entity the request went to (RFC 6120
 * §8.2.3: the response's {@code from} is the request's {@code to}), so nobody else can answer in its place. Bounded:
 * beyond {@value #MAX_PENDING} requests in flight a new one fails at once; each fails after its timeout. The timer
 * thread exists only while a timeout is pending, so a stopped server leaves no thread behind.
 */
final class PendingRequests {
    static final int MAX_PENDING = 10_000;

    private record Pending(Jid to, CompletableFuture<Iq> response) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Ids are a random per-server prefix and a counter: unique, and not guessable by a client. */
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "xmppd-iq-timeouts");
        t.setDaemon(true);
        return t;
    });

    PendingRequests() {
        timer.setKeepAliveTime(1, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        prefix = "xmppd-" + HexFormat.of().formatHex(random) + "-";
    }

    /** Registers a request to {@code to}; returns its id and the future its response completes. */
    Map.Entry<String, CompletableFuture<Iq>> register(Jid to, Duration timeout) {
        requireNonNull(to, "to");
        CompletableFuture<Iq> response = new CompletableFuture<>();
        if (pending.size() >= MAX_PENDING) {
            response.completeExceptionally(new RejectedExecutionException(
                    "pending server IQs: " + MAX_PENDING + " in flight (expected: fewer)"));
            return Map.entry("", response);
        }
        String id = prefix + counter.incrementAndGet();
        Pending p = new Pending(to, response);
        pending.put(id, p);
        ScheduledFuture<?> expiry = timer.schedule(() -> response.completeExceptionally(new TimeoutException(
                "no response to " + id + " from " + to + " within " + timeout)), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        response.whenComplete((iq, failure) -> {
            pending.remove(id, p);
            expiry.cancel(false);
        });
        return Map.entry(id, response);
    }

    /** Completes the request this result or error answers; false if it answers none of ours. */
    boolean complete(Iq response) {
        String id = response.id();
        Pending p = id == null ? null : pending.get(id);
        if (p == null || !p.to().equals(response.from())) {
            return false;
        }
        return pending.remove(id, p) && p.response().complete(response);
    }

    /** Fails every pending request (the server is stopping). */
    void cancelAll() {
        pending.values().forEach(p -> p.response().cancel(false));
    }

    int size() {
        return pending.size();
    }
}
