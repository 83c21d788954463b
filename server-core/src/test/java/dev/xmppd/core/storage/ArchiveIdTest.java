package dev.xmppd.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link ArchiveStore#newId}: time-ordered, unique, URL- and XML-safe. */
class ArchiveIdTest {

    private static final long NOW = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
    private final SecureRandom random = new SecureRandom();

    @Test
    void alphabetIsBase64UrlInAsciiOrder() {
        String alphabet = ArchiveStore.ID_ALPHABET;

        assertThat(alphabet.chars().distinct().count()).isEqualTo(64);
        assertThat(alphabet.chars().sorted().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining()))
                .isEqualTo(alphabet);
        assertThat(alphabet).matches("[A-Za-z0-9_-]{64}");
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnes() {
        List<String> ids = new ArrayList<>();
        for (long millis : new long[] {0, 1, 63, 64, 4095, 4096, NOW - 1, NOW, NOW + 1, (1L << 48) - 1}) {
            for (int i = 0; i < 20; i++) {
                ids.add(ArchiveStore.newId(random, millis));
            }
        }

        for (int i = 20; i < ids.size(); i++) {
            // Every id of a millisecond is greater than every id of the millisecond before.
            String earlierMax = ids.subList(i - i % 20 - 20, i - i % 20).stream().max(String::compareTo).orElseThrow();
            assertThat(ids.get(i)).isGreaterThan(earlierMax);
        }
    }

    @Test
    void idsStartWithTheTimeAndEndWith96RandomBits() {
        String a = ArchiveStore.newId(random, NOW);
        String b = ArchiveStore.newId(random, NOW);

        assertThat(a).hasSize(ArchiveStore.ID_LENGTH).matches("[A-Za-z0-9_-]+");
        assertThat(a.substring(0, 8)).isEqualTo(b.substring(0, 8));
        assertThat(a.substring(8)).isNotEqualTo(b.substring(8));
        assertThat(ArchiveStore.newId(random, 0)).startsWith("--------");
        assertThat(ArchiveStore.newId(random, (1L << 48) - 1)).startsWith("zzzzzzzz");
    }

    @Test
    void idsOfOneMillisecondAreUnique() {
        HashSet<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(ArchiveStore.newId(random, NOW));
        }

        assertThat(ids).hasSize(10_000);
    }

    @Test
    void currentIdsAreTimeOrdered() {
        String before = ArchiveStore.newId(random, System.currentTimeMillis() - 1);

        assertThat(ArchiveStore.newId(random)).isGreaterThan(before);
    }

    @Test
    void timesOutsideFortyEightBitsAreRefused() {
        assertThatThrownBy(() -> ArchiveStore.newId(random, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArchiveStore.newId(random, 1L << 48)).isInstanceOf(IllegalArgumentException.class);
    }
}
