package dev.xmppd.core.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.storage.ArchiveStore.Entry;
import dev.xmppd.core.storage.ArchiveStore.Query;
import dev.xmppd.core.storage.StorageException;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batched archive appends on H2: order, durability across a restart, the bounded queue, per-entry failures. */
class ArchiveAppenderTest {

    private static final List<BareJid> OWNERS = List.of(new BareJid("alice", "example.com"),
            new BareJid("bob", "example.com"), new BareJid("carol", "example.com"));
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private JdbcStorageProvider provider;
    private StorageExecutor blockable;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        if (blockable != null) {
            blockable.close(10_000);
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void appendsMadeWithoutWaitingAreStoredInCallOrderPerOwner() {
        // Setup test fixture
        provider = open();
        ArchiveStore archive = provider.archive("mam");
        Map<BareJid, List<String>> ids = new HashMap<>();
        List<CompletableFuture<Void>> stages = new ArrayList<>();

        // Execute system under test: 2,700 appends, interleaved over three owners, none awaited
        for (int i = 0; i < 2_700; i++) {
            BareJid owner = OWNERS.get(i % 3);
            String id = ArchiveStore.newId(new SecureRandom());
            ids.computeIfAbsent(owner, o -> new ArrayList<>()).add(id);
            stages.add(archive.append(owner, id, T0, null, message(i)).toCompletableFuture());
        }
        CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).join();

        // Verify results
        for (BareJid owner : OWNERS) {
            List<Entry> entries = archive.query(owner, Query.all(1000)).toCompletableFuture().join().entries();
            assertThat(entries).extracting(Entry::id).containsExactlyElementsOf(ids.get(owner));
        }
    }

    @Test
    void appendsStillQueuedWhenTheProviderClosesSurviveARestart() {
        // Setup test fixture
        provider = open();
        ArchiveStore archive = provider.archive("mam");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String id = ArchiveStore.newId(new SecureRandom());
            ids.add(id);
            archive.append(OWNERS.get(0), id, T0, null, message(i));
        }

        // Execute system under test
        provider.close();
        provider = open();

        // Verify results
        List<Entry> entries = provider.archive("mam").query(OWNERS.get(0), Query.all(1000)).toCompletableFuture()
                .join().entries();
        assertThat(entries).extracting(Entry::id).containsExactlyElementsOf(ids);
        assertThat(entries.get(999).stanza()).isEqualTo(message(999));
    }

    @Test
    void appendsArrivingDuringAFlushShareTheNextTransaction() {
        // Setup test fixture
        ArchiveAppender appender = blockedAppender(10_000);
        List<CompletableFuture<Void>> stages = new ArrayList<>();

        // Execute system under test: the first append's flush waits behind the blocked thread, the rest queue
        for (int i = 0; i < 1_200; i++) {
            stages.add(append(appender, "id" + i));
        }
        release.countDown();
        CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).join();

        // Verify results: one flush for the first entry, then batches of at most 500
        assertThat(appender.flushes()).isEqualTo(4);
        assertThat(count()).isEqualTo(1_200);
    }

    @Test
    void aFullQueueFailsTheAppendAtOnceAndKeepsTheOthers() {
        // Setup test fixture
        ArchiveAppender appender = blockedAppender(5);
        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            accepted.add(append(appender, "id" + i));
        }

        // Execute system under test
        CompletableFuture<Void> refused = append(appender, "id5");

        // Verify results
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(StorageException.class)
                .hasMessageContaining("archive 'mam' is overloaded: 5 entries already wait for the database");
        release.countDown();
        CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).join();
        assertThat(count()).isEqualTo(5);
        assertThat(appender.pending()).isZero();
    }

    @Test
    void aDuplicateIdFailsOnlyItsOwnEntryOfABatch() {
        // Setup test fixture
        ArchiveAppender appender = blockedAppender(100);
        CompletableFuture<Void> first = append(appender, "a");
        CompletableFuture<Void> b = append(appender, "b");
        CompletableFuture<Void> duplicate = append(appender, "a");
        CompletableFuture<Void> c = append(appender, "c");

        // Execute system under test
        release.countDown();

        // Verify results
        CompletableFuture.allOf(first, b, c).join();
        assertThatThrownBy(duplicate::join).hasCauseInstanceOf(StorageException.class)
                .hasMessageContaining("id 'a' is already used");
        assertThat(count()).isEqualTo(3);
    }

    @Test
    void aQueryMadeRightAfterAnAppendSeesIt() {
        provider = open();
        ArchiveStore archive = provider.archive("mam");

        for (int i = 0; i < 200; i++) {
            archive.append(OWNERS.get(0), T0, null, message(i));

            assertThat(archive.count(OWNERS.get(0)).toCompletableFuture().join()).isEqualTo(i + 1);
        }
    }

    /** An appender on a one-thread executor whose thread is busy until {@link #release} counts down. */
    private ArchiveAppender blockedAppender(int capacity) {
        provider = open();
        blockable = new StorageExecutor(1, 100);
        CountDownLatch started = new CountDownLatch(1);
        blockable.submit(() -> {
            started.countDown();
            release.await();
            return null;
        });
        try {
            started.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return new ArchiveAppender(new Jdbc(provider.dataSource(), blockable), "mam", capacity, 500);
    }

    private static CompletableFuture<Void> append(ArchiveAppender appender, String id) {
        return appender.append("example.com", "alice", id, T0.atOffset(java.time.ZoneOffset.UTC), null,
                message(0).toXml()).toCompletableFuture();
    }

    private long count() {
        return provider.archive("mam").count(OWNERS.get(0)).toCompletableFuture().join();
    }

    private JdbcStorageProvider open() {
        return JdbcStorageProvider.open(new StorageConfig("h2", dir.resolve("db/xmppd").toString(), null, null, null,
                4));
    }

    private static XmlElement message(int n) {
        return XmlElement.builder(Namespaces.CLIENT, "message").attribute("id", "m" + n)
                .child(XmlElement.builder(Namespaces.CLIENT, "body").text("message " + n).build()).build();
    }
}
