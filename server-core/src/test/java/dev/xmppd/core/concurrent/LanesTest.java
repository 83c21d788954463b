package dev.xmppd.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LanesTest {
    private final Lanes<String> lanes = new Lanes<>();

    @Test
    void workForOneKeyRunsInSubmissionOrderEvenWhenEarlierWorkCompletesLater() {
        List<String> started = new CopyOnWriteArrayList<>();
        CompletableFuture<String> slow = new CompletableFuture<>();

        CompletableFuture<String> first = lanes.submit("a", () -> {
            started.add("1");
            return slow;
        });
        CompletableFuture<String> second = lanes.submit("a", () -> {
            started.add("2");
            return CompletableFuture.completedFuture("two");
        });
        CompletableFuture<String> other = lanes.submit("b", () -> {
            started.add("b");
            return CompletableFuture.completedFuture("b");
        });

        assertThat(started).containsExactly("1", "b"); // "2" waits for "1"; other keys do not
        assertThat(second).isNotDone();
        slow.complete("one");
        assertThat(started).containsExactly("1", "b", "2");
        assertThat(first).isCompletedWithValue("one");
        assertThat(second).isCompletedWithValue("two");
        assertThat(other).isCompletedWithValue("b");
        assertThat(lanes.size()).isZero();
    }

    @Test
    void aFailureDoesNotStopTheLane() {
        CompletableFuture<String> failed = lanes.submit("a", () -> {
            throw new IllegalStateException("expected by the test");
        });
        CompletableFuture<String> next = lanes.submit("a", () -> CompletableFuture.completedFuture("next"));

        assertThat(failed).isCompletedExceptionally();
        assertThat(next).isCompletedWithValue("next");
    }
}
