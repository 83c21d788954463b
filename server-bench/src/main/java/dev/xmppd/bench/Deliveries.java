package dev.xmppd.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts stanzas delivered to {@link CountingSession}s, from any thread, and lets a benchmark wait for a number of
 * them (the MUC delivers on its own pool).
 */
final class Deliveries {
    private final AtomicLong total = new AtomicLong();
    private volatile CountDownLatch expected;

    void delivered() {
        total.incrementAndGet();
        CountDownLatch latch = expected;
        if (latch != null) {
            latch.countDown();
        }
    }

    long total() {
        return total.get();
    }

    /** Arms a wait for {@code count} more deliveries; call before sending what causes them. */
    CountDownLatch expect(int count) {
        CountDownLatch latch = new CountDownLatch(count);
        expected = latch;
        return latch;
    }

    /** Waits for an armed count; fails the benchmark if it is not reached within 10 s. */
    static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("deliveries: " + latch.getCount() + " missing after 10 s");
        }
    }
}
