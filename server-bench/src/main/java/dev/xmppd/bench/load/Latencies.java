package dev.xmppd.bench.load;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency samples in nanoseconds, kept in a fixed array (no HdrHistogram here) and sorted once for percentiles.
 * Thread-safe for concurrent {@link #record}; samples beyond the capacity are counted but dropped.
 */
final class Latencies {
    private final long[] samples;
    private final AtomicInteger next = new AtomicInteger();

    Latencies(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        samples = new long[capacity];
    }

    void record(long nanos) {
        int i = next.getAndIncrement();
        if (i < samples.length) {
            samples[i] = nanos;
        }
    }

    /** The number of samples recorded, dropped ones included. */
    int count() {
        return next.get();
    }

    /** Percentiles in milliseconds, for {@code quantiles} in [0, 1]; NaN when empty. Call after recording ends. */
    double[] percentilesMillis(double... quantiles) {
        int n = Math.min(next.get(), samples.length);
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        double[] out = new double[quantiles.length];
        for (int q = 0; q < quantiles.length; q++) {
            int index = Math.min(n - 1, Math.max(0, (int) Math.ceil(quantiles[q] * n) - 1));
            out[q] = n == 0 ? Double.NaN : sorted[index] / 1e6;
        }
        return out;
    }
}
