package dev.xmppd.im.upload;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-account quota: the bytes of the slots one account was granted in the last {@link #WINDOW} may not pass
 * {@code upload.quota-bytes}. Counting grants rather than stored files keeps the check in memory and on the caller's
 * thread (no directory walk per request), and it also bounds what a client can make the server write per day. A
 * restart forgets the grants, which at worst allows one more day's quota.
 */
final class UploadQuota {
    static final Duration WINDOW = Duration.ofHours(24);

    private record Grant(Instant at, long bytes) {
    }

    private final long quotaBytes;
    private final Clock clock;
    private final Map<String, Deque<Grant>> grants = new ConcurrentHashMap<>();

    UploadQuota(long quotaBytes, Clock clock) {
        this.quotaBytes = quotaBytes;
        this.clock = clock;
    }

    long quotaBytes() {
        return quotaBytes;
    }

    /**
     * Records a grant of {@code bytes} to {@code account} if it fits, and returns {@code null}; otherwise returns
     * the instant from which it will fit. {@code bytes} must not exceed the quota.
     */
    Instant tryGrant(String account, long bytes) {
        Instant now = clock.instant();
        Instant[] retry = {null};
        grants.compute(account, (k, list) -> {
            Deque<Grant> q = list == null ? new ArrayDeque<>() : list;
            Instant horizon = now.minus(WINDOW);
            while (!q.isEmpty() && !q.peekFirst().at().isAfter(horizon)) {
                q.pollFirst();
            }
            long used = q.stream().mapToLong(Grant::bytes).sum();
            if (used + bytes <= quotaBytes) {
                q.addLast(new Grant(now, bytes));
                return q;
            }
            long excess = used + bytes - quotaBytes;
            for (Grant g : q) {
                excess -= g.bytes();
                if (excess <= 0) {
                    retry[0] = g.at().plus(WINDOW);
                    break;
                }
            }
            return q.isEmpty() ? null : q;
        });
        return retry[0];
    }
}
