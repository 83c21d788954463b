package dev.xmppd.core.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.storage.StorageException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StorageExecutorTest {

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final StorageExecutor executor = new StorageExecutor(1, 1);

    @AfterEach
    void close() {
        release.countDown();
        executor.close(10_000);
    }

    @Test
    void runsOnNamedDaemonThreads() {
        Thread thread = executor.submit(Thread::currentThread).toCompletableFuture().join();

        assertThat(thread.getName()).isEqualTo("xmppd-storage-1");
        assertThat(thread.isDaemon()).isTrue();
    }

    @Test
    void saturatedExecutorFailsTheStageAtOnce() throws InterruptedException {
        CompletableFuture<String> running = executor.submit(this::block).toCompletableFuture();
        started.await();
        CompletableFuture<String> queued = executor.submit(() -> "queued").toCompletableFuture();

        CompletableFuture<String> refused = executor.submit(() -> "refused").toCompletableFuture();

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).cause().isInstanceOf(StorageException.class)
                .hasMessage("storage is overloaded: 1 operations already queued (consider a larger storage.pool-size)");
        release.countDown();
        assertThat(running.join()).isEqualTo("done");
        assertThat(queued.join()).isEqualTo("queued");
    }

    @Test
    void closeFinishesQueuedWorkThenRefusesMore() throws Exception {
        CompletableFuture<String> running = executor.submit(this::block).toCompletableFuture();
        started.await();
        CompletableFuture<String> queued = executor.submit(() -> "queued").toCompletableFuture();
        Thread closer = new Thread(() -> executor.close(10_000));
        closer.start();

        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(closer.isAlive()).isFalse();
        assertThat(running).isCompletedWithValue("done");
        assertThat(queued).isCompletedWithValue("queued");
        CompletableFuture<String> late = executor.submit(() -> "late").toCompletableFuture();
        assertThatThrownBy(late::join).cause().isInstanceOf(StorageException.class).hasMessage("storage is closed");
    }

    @Test
    void failuresReachTheStage() {
        IllegalStateException bug = new IllegalStateException("bug");

        CompletableFuture<Object> unchecked = executor.submit(() -> {
            throw bug;
        }).toCompletableFuture();
        CompletableFuture<Object> checked = executor.submit(() -> {
            throw new IOException("disk");
        }).toCompletableFuture();

        assertThatThrownBy(unchecked::join).cause().isSameAs(bug);
        assertThatThrownBy(checked::join).cause().isInstanceOf(StorageException.class).hasMessage("disk")
                .cause().isInstanceOf(IOException.class);
    }

    private String block() throws InterruptedException {
        started.countDown();
        release.await();
        return "done";
    }
}
