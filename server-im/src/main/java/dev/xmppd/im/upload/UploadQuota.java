package dev.xmppd.im.upload;

import dev.xmppd.core.upload.FileMeta;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-account quota: the bytes of the slots one account was granted in the last {@link #WINDOW} may not pass
 * {@code upload.quota-bytes}. Counting grants rather than stored files keeps the check in memory and on the caller's
 * thread (no directory walk per request), and it also bounds what a client can make the server write per day. At
 * start the files stored in the last {@link #WINDOW} count again ({@link #countStored}), so a restart forgets only
 * the slots that were granted and not used.
 */
final class UploadQuota {
    static final Duration WINDOW = Duration.ofHours(24);

    private record Grant(Instant at, long bytes) {
    }

    private static final Logger log = LoggerFactory.getLogger(UploadQuota.class);

    private final long quotaBytes;
    private final Clock clock;
    private final Map<String, Deque<Grant>> grants = new ConcurrentHashMap<>();

    UploadQuota(long quotaBytes, Clock clock) {
        this.quotaBytes = quotaBytes;
        this.clock = clock;
    }

    long quotaBytes() {
        return quotaBytes;
    }

    /**
     * Counts the files of this host's accounts stored in {@code files} in the last {@link #WINDOW}, by their
     * {@code .meta} ({@link FileMeta}): reads the directory once, at start, off the event loops.
     *
     * @return how many files were counted
     */
    int countStored(Path files, String host) {
        if (!Files.isDirectory(files)) {
            return 0;
        }
        Instant horizon = clock.instant().minus(WINDOW);
        List<FileMeta> recent = new ArrayList<>();
        try (DirectoryStream<Path> metas = Files.newDirectoryStream(files, "*.meta")) {
            for (Path meta : metas) {
                try {
                    if (Files.getLastModifiedTime(meta).toInstant().isAfter(horizon)) {
                        FileMeta m = FileMeta.read(meta);
                        if (m.created().isAfter(horizon) && m.owner().endsWith("@" + host)) {
                            recent.add(m);
                        }
                    }
                } catch (IOException e) {
                    log.debug("upload: {} not counted against a quota: {}", meta, e.getMessage());
                }
            }
        } catch (IOException e) {
            log.warn("upload: the daily quota starts from zero: cannot read {}: {}", files, e.getMessage());
            return 0;
        }
        recent.sort(Comparator.comparing(FileMeta::created));
        for (FileMeta m : recent) {
            grants.computeIfAbsent(m.owner(), k -> new ArrayDeque<>()).addLast(new Grant(m.created(), m.size()));
        }
        return recent.size();
    }

    /**
     * Records a grant of {@code bytes} to {@code account} if it fits, and returns {@code null}; otherwise returns
     * the instant from which it will fit. {@code bytes} must not exceed the quota.
     */
    Instant tryGrant(String account, long bytes) {
        Instant now = clock.instant();
        Instant[] retry = {null};
        grants.compute(account, (k, list) -> {
            Deque<Grant> q = list == null ? new ArrayDeque<>() : list;
            Instant horizon = now.minus(WINDOW);
            while (!q.isEmpty() && !q.peekFirst().at().isAfter(horizon)) {
                q.pollFirst();
            }
            long used = q.stream().mapToLong(Grant::bytes).sum();
            if (used + bytes <= quotaBytes) {
                q.addLast(new Grant(now, bytes));
                return q;
            }
            long excess = used + bytes - quotaBytes;
            for (Grant g : q) {
                excess -= g.bytes();
                if (excess <= 0) {
                    retry[0] = g.at().plus(WINDOW);
                    break;
                }
            }
            return q.isEmpty() ? null : q;
        });
        return retry[0];
    }
}
