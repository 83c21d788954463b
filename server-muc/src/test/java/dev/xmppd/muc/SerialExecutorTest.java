package dev.xmppd.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A room's executor: one task at a time, in order, waiting for each task's stage, with a bounded queue. */
class SerialExecutorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void runsTasksOneAtATimeInOrder() {
        SerialExecutor executor = new SerialExecutor(pool, 10_000);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlap = new AtomicInteger();

        for (int i = 0; i < 5_000; i++) {
            int n = i;
            executor.execute(() -> {
                if (running.incrementAndGet() > 1) {
                    overlap.incrementAndGet();
                }
                seen.add(n);
                running.decrementAndGet();
                return Room.DONE;
            });
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 5_000);
        assertThat(overlap).hasValue(0);
        assertThat(seen).isSorted();
    }

    @Test
    void theNextTaskWaitsForTheStageOfThePreviousOne() {
        SerialExecutor executor = new SerialExecutor(pool, 10);
        CompletableFuture<Void> storage = new CompletableFuture<>();
        List<String> seen = new CopyOnWriteArrayList<>();

        executor.execute(() -> {
            seen.add("first");
            return storage.thenRun(() -> seen.add("stored"));
        });
        executor.execute(() -> {
            seen.add("second");
            return Room.DONE;
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("first"));
        assertThat(seen).containsExactly("first");
        pool.execute(() -> storage.complete(null));
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 3);
        assertThat(seen).containsExactly("first", "stored", "second");
    }

    @Test
    void refusesWorkBeyondItsCapacityAndRecovers() {
        SerialExecutor executor = new SerialExecutor(pool, 2);
        CompletableFuture<Void> blocked = new CompletableFuture<>();
        AtomicInteger ran = new AtomicInteger();

        boolean first = executor.execute(() -> blocked);
        boolean second = executor.execute(() -> {
            ran.incrementAndGet();
            return Room.DONE;
        });
        boolean third = executor.execute(() -> Room.DONE);
        blocked.complete(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.get() == 1);
        boolean afterwards = executor.execute(() -> {
            ran.incrementAndGet();
            return Room.DONE;
        });

        assertThat(List.of(first, second, third, afterwards)).containsExactly(true, true, false, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.get() == 2);
    }

    @Test
    void aFailingTaskDoesNotStopTheRoom() {
        SerialExecutor executor = new SerialExecutor(Runnable::run, 10);
        List<String> seen = new CopyOnWriteArrayList<>();

        executor.execute(() -> {
            throw new IllegalStateException("boom");
        });
        executor.execute(() -> {
            seen.add("after");
            return Room.DONE;
        });

        assertThat(seen).containsExactly("after");
    }
}
