package dev.xmppd.c2s.http;

import dev.xmppd.core.upload.FileMeta;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes files older than {@code upload.expire-after} (with their meta files), and the {@code .part} files of
 * uploads abandoned more than a day ago. Run periodically on the file executor; one line per run that removed
 * anything.
 */
final class UploadSweeper implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(UploadSweeper.class);
    static final Duration STALE_PART = Duration.ofDays(1);

    private final UploadStore store;

    UploadSweeper(UploadStore store) {
        this.store = store;
    }

    @Override
    public void run() {
        int files = 0;
        long bytes = 0;
        Instant now = store.clock().instant();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(store.files())) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.endsWith(".meta") && !store.expireAfter().isZero()) {
                    FileMeta meta = readQuietly(p);
                    if (meta != null && store.expired(meta)) {
                        Files.deleteIfExists(p.resolveSibling(name.substring(0, name.length() - 5)));
                        Files.deleteIfExists(p);
                        files++;
                        bytes += meta.size();
                    }
                } else if (name.endsWith(".part")
                        && Files.getLastModifiedTime(p).toInstant().plus(STALE_PART).isBefore(now)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            log.warn("upload: removing expired files under {} failed: {}", store.files(), e.toString());
            return;
        }
        if (files > 0) {
            log.info("upload: removed {} files ({} bytes) older than upload.expire-after={}", files, bytes,
                    store.expireAfter());
        }
    }

    private static FileMeta readQuietly(Path meta) {
        try {
            return FileMeta.read(meta);
        } catch (IOException e) {
            log.warn("upload: {} is unreadable and stays: {}", meta, e.getMessage());
            return null;
        }
    }
}
