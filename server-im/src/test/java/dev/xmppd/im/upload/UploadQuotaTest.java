package dev.xmppd.im.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.testing.MutableClock;
import dev.xmppd.core.upload.FileMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily quota: grants within 24 hours, and after a restart the files stored in that time. */
class UploadQuotaTest {
    private final MutableClock clock = new MutableClock();

    @Test
    void grantsUntilTheQuotaAndSaysWhenMoreFits() {
        UploadQuota quota = new UploadQuota(1000, clock);

        Instant first = quota.tryGrant("alice@example.com", 600);
        clock.advance(Duration.ofHours(1));
        Instant tooMuch = quota.tryGrant("alice@example.com", 500);
        Instant someoneElse = quota.tryGrant("bob@example.com", 1000);

        assertThat(first).isNull();
        assertThat(tooMuch).isEqualTo(clock.instant().minus(Duration.ofHours(1)).plus(UploadQuota.WINDOW));
        assertThat(someoneElse).isNull();
    }

    @Test
    void afterARestartTheFilesOfTheLastDayCount(@TempDir Path files) throws Exception {
        Instant now = clock.instant();
        new FileMeta("a.jpg", "image/jpeg", 600, "alice@example.com", now.minus(Duration.ofHours(2)))
                .write(files.resolve("AAAAAAAAAAAAAAAAAAAAAA.meta"));
        new FileMeta("old.jpg", "image/jpeg", 900, "alice@example.com", now.minus(Duration.ofHours(25)))
                .write(files.resolve("BBBBBBBBBBBBBBBBBBBBBB.meta"));
        new FileMeta("b.jpg", "image/jpeg", 900, "alice@elsewhere.example", now.minus(Duration.ofHours(1)))
                .write(files.resolve("CCCCCCCCCCCCCCCCCCCCCC.meta"));
        Files.writeString(files.resolve("DDDDDDDDDDDDDDDDDDDDDD.meta"), "not a meta file");
        UploadQuota quota = new UploadQuota(1000, clock);

        int counted = quota.countStored(files, "example.com");
        Instant refused = quota.tryGrant("alice@example.com", 500);
        Instant granted = quota.tryGrant("alice@example.com", 400);

        assertThat(counted).as("the file of the last day on this host, not the old, foreign or broken ones")
                .isEqualTo(1);
        assertThat(refused).isEqualTo(now.minus(Duration.ofHours(2)).plus(UploadQuota.WINDOW));
        assertThat(granted).isNull();
    }

    @Test
    void noDirectoryYetCountsNothing(@TempDir Path dir) {
        assertThat(new UploadQuota(1000, clock).countStored(dir.resolve("missing"), "example.com")).isZero();
    }
}
