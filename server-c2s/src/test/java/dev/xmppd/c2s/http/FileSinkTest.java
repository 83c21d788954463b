package dev.xmppd.c2s.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.upload.FileMeta;
import io.netty.buffer.Unpooled;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk side of a PUT, with an executor the test runs by hand: writes wait in order, the caller is told to stop
 * reading past the high-water mark and told once when the writes caught up, and a used slot is never overwritten.
 */
class FileSinkTest {
    @TempDir
    Path dir;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final AtomicInteger drained = new AtomicInteger();

    private void runAll() {
        for (Runnable r = tasks.poll(); r != null; r = tasks.poll()) {
            r.run();
        }
    }

    private FileSink sink() {
        return new FileSink(tasks::add, dir.resolve("x.part"), dir.resolve("x"), dir.resolve("x.meta"),
                drained::incrementAndGet);
    }

    @Test
    void pausesPastTheHighWaterMarkAndResumesOnceWhenDrained() throws Exception {
        // Setup test fixture
        FileSink sink = sink();
        byte[] chunk = new byte[64 * 1024];

        // Execute system under test: 2 MiB queued while the executor runs nothing
        for (int i = 0; i < 32; i++) {
            sink.write(Unpooled.wrappedBuffer(chunk));
        }
        boolean paused = sink.shouldPause(1024 * 1024);
        runAll();
        sink.finish(new FileMeta("x.bin", "application/octet-stream", 32L * chunk.length, "a@example.com",
                Instant.EPOCH));
        runAll();

        // Verify results
        assertThat(paused).isTrue();
        assertThat(drained).hasValue(1);
        assertThat(Files.size(dir.resolve("x"))).isEqualTo(32L * chunk.length);
        assertThat(FileMeta.read(dir.resolve("x.meta")).owner()).isEqualTo("a@example.com");
        assertThat(Files.exists(dir.resolve("x.part"))).isFalse();
    }

    @Test
    void belowTheHighWaterMarkItDoesNotPause() {
        FileSink sink = sink();
        sink.write(Unpooled.wrappedBuffer(new byte[1000]));

        assertThat(sink.shouldPause(1024 * 1024)).isFalse();
        runAll();
        assertThat(drained).hasValue(0);
    }

    @Test
    void aWrongSizeLeavesNothing() {
        FileSink sink = sink();
        sink.write(Unpooled.wrappedBuffer(new byte[10]));
        var done = sink.finish(new FileMeta("x.bin", "text/plain", 11, "a@example.com", Instant.EPOCH))
                .toCompletableFuture();
        runAll();

        assertThat(done).isCompletedExceptionally();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aSecondSinkForTheSameSlotFailsWithoutTouchingTheFirst() throws Exception {
        FileSink first = sink();
        runAll();
        FileSink second = sink();
        runAll();
        second.abort();
        runAll();

        assertThat(second.opened().toCompletableFuture()).isCompletedExceptionally();
        try {
            second.opened().toCompletableFuture().join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).hasCauseInstanceOf(FileAlreadyExistsException.class);
        }
        assertThat(Files.exists(dir.resolve("x.part"))).isTrue();
        first.abort();
        runAll();
        assertThat(dir).isEmptyDirectory();
    }
}
