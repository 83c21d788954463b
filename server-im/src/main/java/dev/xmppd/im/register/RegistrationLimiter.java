package dev.xmppd.im.register;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * At most {@code max} registrations per client address in a sliding {@code window} (XEP-0077 §3.1.1 lets a server
 * refuse an entity that registers too often), in memory, for at most {@code maxAddresses} addresses at once: when
 * that many are tracked, a new address is refused until old entries expire, so the table stays bounded under a
 * flood. Thread-safe; each call holds a lock briefly and never blocks otherwise.
 */
final class RegistrationLimiter {
    private final int max;
    private final Duration window;
    private final int maxAddresses;
    private final Clock clock;
    private final Map<String, Deque<Instant>> byAddress = new HashMap<>();

    RegistrationLimiter(int max, Duration window, int maxAddresses, Clock clock) {
        this.max = max;
        this.window = window;
        this.maxAddresses = maxAddresses;
        this.clock = clock;
    }

    /** Takes one registration for this address; false if it had {@code max} in the window already. */
    synchronized boolean tryAcquire(String address) {
        Instant cutoff = clock.instant().minus(window);
        Deque<Instant> times = byAddress.get(address);
        if (times == null) {
            if (byAddress.size() >= maxAddresses) {
                purge(cutoff);
                if (byAddress.size() >= maxAddresses) {
                    return false;
                }
            }
            times = new ArrayDeque<>(max);
            byAddress.put(address, times);
        }
        while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
            times.pollFirst();
        }
        if (times.size() >= max) {
            return false;
        }
        times.addLast(clock.instant());
        return true;
    }

    /** Gives back the last registration taken for this address (it failed). */
    synchronized void release(String address) {
        Deque<Instant> times = byAddress.get(address);
        if (times != null) {
            times.pollLast();
            if (times.isEmpty()) {
                byAddress.remove(address);
            }
        }
    }

    private void purge(Instant cutoff) {
        for (Iterator<Deque<Instant>> it = byAddress.values().iterator(); it.hasNext();) {
            Deque<Instant> times = it.next();
            while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
                times.pollFirst();
            }
            if (times.isEmpty()) {
                it.remove();
            }
        }
    }
}
