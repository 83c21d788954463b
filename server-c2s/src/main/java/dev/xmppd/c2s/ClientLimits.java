package dev.xmppd.c2s;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-address protection for client listeners: open connections per address, and failed authentications per
 * address in a sliding one-minute window. Thread-safe; memory is bounded by the number of addresses with a
 * connection open or a recent failure.
 */
public final class ClientLimits {
    private static final long WINDOW_NANOS = 60_000_000_000L;
    private static final int MAX_TRACKED = 100_000;

    private final int connectionsPerAddress;
    private final int authFailuresPerAddress;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, long[]> failures = new ConcurrentHashMap<>();

    public ClientLimits(int connectionsPerAddress, int authFailuresPerAddress) {
        this.connectionsPerAddress = connectionsPerAddress;
        this.authFailuresPerAddress = authFailuresPerAddress;
    }

    /** Counts a new connection; false (and not counted) if the address already has the most allowed. */
    public boolean tryOpen(InetAddress address) {
        AtomicInteger n = connections.computeIfAbsent(address, a -> new AtomicInteger());
        if (n.incrementAndGet() > connectionsPerAddress) {
            close(address);
            return false;
        }
        return true;
    }

    public void close(InetAddress address) {
        connections.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /** Records a failed authentication; returns true if the address is now over its limit. */
    public boolean recordFailure(InetAddress address) {
        long now = System.nanoTime();
        if (failures.size() > MAX_TRACKED) {
            failures.values().removeIf(w -> now - w[0] > WINDOW_NANOS);
        }
        long[] window = failures.compute(address, (a, w) -> {
            if (w == null || now - w[0] > WINDOW_NANOS) {
                return new long[] {now, 1};
            }
            w[1]++;
            return w;
        });
        return window[1] > authFailuresPerAddress;
    }

    /** True if the address failed too often in the last minute and may not try again yet. */
    public boolean isBlocked(InetAddress address) {
        long[] w = failures.get(address);
        return w != null && System.nanoTime() - w[0] <= WINDOW_NANOS && w[1] > authFailuresPerAddress;
    }
}
