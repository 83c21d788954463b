package dev.xmppd.c2s.http;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.upload.FileMeta;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What every upload connection shares: the files directory, the slot key, the executor for file I/O, the clock and
 * how long files are kept.
 *
 * @param files {@code <data>/upload/files}
 * @param key the {@link dev.xmppd.core.upload.UploadKey} that signed the slots
 * @param executor where files are opened, written, read and deleted (never the event loop)
 * @param expireAfter files older than this are gone; {@link Duration#ZERO}: kept
 */
record UploadStore(Path files, byte[] key, Executor executor, Clock clock, Duration expireAfter) {

    UploadStore {
        requireNonNull(files, "files");
        requireNonNull(key, "key");
        requireNonNull(executor, "executor");
        requireNonNull(clock, "clock");
        requireNonNull(expireAfter, "expireAfter");
    }

    boolean expired(FileMeta meta) {
        return !expireAfter.isZero() && !meta.created().plus(expireAfter).isAfter(clock.instant());
    }
}
