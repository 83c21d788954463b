package dev.xmppd.core.jid.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class JidCacheTest {
    private static final Jid JULIET = BareJid.of("juliet", "example.com");

    @Test
    void returnsWhatWasPut() {
        JidCache cache = new JidCache(10);

        cache.put("Juliet@example.com", JULIET);

        assertThat(cache.get("Juliet@example.com")).isSameAs(JULIET);
        assertThat(cache.get("romeo@example.net")).isNull();
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        JidCache cache = new JidCache(100);

        for (int i = 0; i < 1000; i++) {
            cache.put("user" + i + "@example.com", JULIET);
            assertThat(cache.size()).isLessThanOrEqualTo(100);
        }

        assertThat(cache.get("user999@example.com")).isSameAs(JULIET);
        assertThat(cache.get("user0@example.com")).isNull();
    }

    @Test
    void entriesInUseSurviveRotation() {
        JidCache cache = new JidCache(10);
        cache.put("hot", JULIET);

        for (int i = 0; i < 100; i++) {
            cache.put("cold" + i, JULIET);
            assertThat(cache.get("hot")).as("after %d inserts", i).isSameAs(JULIET);
        }
    }

    @Test
    void rejectsTinyCapacity() {
        assertThatThrownBy(() -> new JidCache(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity: 1 (expected: >= 2)");
    }

    @Test
    void concurrentUseStaysBounded() throws Exception {
        JidCache cache = new JidCache(64);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                tasks.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        String key = "u" + (i % 200) + "t" + thread;
                        if (cache.get(key) == null) {
                            cache.put(key, JULIET);
                        }
                    }
                }, pool));
            }
            CompletableFuture.allOf(tasks.toArray(new CompletableFuture<?>[0])).get();
        } finally {
            pool.shutdown();
        }

        // A few inserts may race with a rotation; the bound holds up to that slack.
        assertThat(cache.size()).isLessThanOrEqualTo(64 + 4);
    }
}
