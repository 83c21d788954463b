package dev.xmppd.c2s.http;

import dev.xmppd.core.upload.FileMeta;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One upload's body on its way to disk: written to {@code <id>.part} by tasks run one after another on the file
 * executor (never on the event loop), then moved to its final name with the meta file beside it. The event loop only
 * queues buffers and learns, through {@link #shouldPause}, when to stop reading from the socket.
 */
final class FileSink {
    static final long LOW_WATER = 256 * 1024;
    private final Executor executor;
    private final Path part;
    private final Path content;
    private final Path meta;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final Runnable onDrained;
    private CompletableFuture<Void> tail;
    private FileChannel channel;
    private long written;
    /** True once this sink created the part file: only then may it delete anything. */
    private volatile boolean owned;

    /**
     * Opens {@code part} exclusively: {@link #opened()} fails with {@link FileAlreadyExistsException} if the slot was
     * used. {@code onDrained} runs (on the executor) when the writes caught up after {@link #shouldPause} said yes.
     */
    FileSink(Executor executor, Path part, Path content, Path meta, Runnable onDrained) {
        this.executor = executor;
        this.onDrained = onDrained;
        this.part = part;
        this.content = content;
        this.meta = meta;
        this.tail = CompletableFuture.runAsync(this::open, executor);
    }

    /** Completes when the file is open (or fails if the slot was already used). */
    CompletionStage<Void> opened() {
        return tail;
    }

    /** Queues a buffer, which this sink releases. */
    void write(ByteBuf buf) {
        int n = buf.readableBytes();
        pending.addAndGet(n);
        tail = tail.whenCompleteAsync((v, e) -> {
            try {
                if (e == null) {
                    while (buf.isReadable()) {
                        written += buf.readBytes(channel, buf.readableBytes());
                    }
                }
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            } finally {
                buf.release();
                if (pending.addAndGet(-n) < LOW_WATER && paused.compareAndSet(true, false)) {
                    onDrained.run();
                }
            }
        }, executor);
    }

    /**
     * True if more than {@code highWater} bytes wait for the disk: the caller stops reading until {@code onDrained}.
     */
    boolean shouldPause(long highWater) {
        if (pending.get() <= highWater) {
            return false;
        }
        paused.set(true);
        // The writes may have caught up between the check and the flag: then nobody would call onDrained.
        return !(pending.get() < LOW_WATER && paused.compareAndSet(true, false));
    }

    /**
     * Flushes to disk, writes the meta file and gives the file its final name; the stage fails if fewer or more
     * bytes than {@code meta.size()} arrived or the disk refused them, and then nothing is left behind.
     */
    CompletionStage<Void> finish(FileMeta fileMeta) {
        tail = tail.thenRunAsync(() -> {
            try {
                channel.force(false);
                channel.close();
                if (written != fileMeta.size()) {
                    throw new IOException("received " + written + " bytes, the slot announced " + fileMeta.size());
                }
                fileMeta.write(meta);
                Files.move(part, content, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                deleteQuietly();
                throw new UncheckedIOException(e);
            }
        }, executor);
        tail.whenComplete((v, e) -> {
            if (e != null) {
                executor.execute(this::deleteQuietly);
            }
        });
        return tail;
    }

    /** The upload was abandoned: whatever was written is removed (unless the file already got its final name). */
    void abort() {
        tail = tail.whenCompleteAsync((v, e) -> deleteQuietly(), executor);
    }

    private void open() {
        try {
            if (Files.exists(content)) {
                throw new FileAlreadyExistsException(content.toString());
            }
            channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            owned = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteQuietly() {
        if (!owned) {
            return; // another upload of the same slot holds these files
        }
        try {
            if (channel != null) {
                channel.close();
            }
            if (!Files.exists(content)) {
                Files.deleteIfExists(meta);
            }
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // best effort: the sweeper removes stale parts
        }
    }
}
