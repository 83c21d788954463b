package dev.xmppd.core.storage;

import static dev.xmppd.core.storage.AccountStoreContract.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.ArchiveStore.Entry;
import dev.xmppd.core.storage.ArchiveStore.ItemNotFoundException;
import dev.xmppd.core.storage.ArchiveStore.Page;
import dev.xmppd.core.storage.ArchiveStore.Query;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ArchiveStore} must have, run against each backend by a subclass that says how to open
 * a fresh, empty provider. Most tests use 25 entries of Alice's, {@code m0} to {@code m24}, one second apart, with
 * {@code with} alternating between Romeo (even) and Mercutio (odd).
 */
public abstract class ArchiveStoreContract {

    protected static final BareJid ALICE = new BareJid("alice", "example.com");
    protected static final BareJid BOB = new BareJid("bob", "example.com");
    protected static final String ROMEO = "romeo@example.net";
    protected static final String MERCUTIO = "mercutio@example.net";
    protected static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    protected StorageProvider provider;
    protected ArchiveStore archive;

    /** A provider over empty storage; closed after each test. */
    protected abstract StorageProvider openProvider() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        provider = openProvider();
        archive = provider.archive("mam");
    }

    @AfterEach
    void closeStore() {
        provider.close();
    }

    @Test
    void appendedEntriesComeBackInOrderWithTheirData() {
        // Setup test fixture
        XmlElement stanza = XmlElement.builder(Namespaces.CLIENT, "message").attribute("type", "chat")
                .attribute("xml:lang", "de").attribute("{urn:example:x}y", "\u00fc")
                .child(XmlElement.builder(Namespaces.CLIENT, "body").text("Gr\u00fc\u00dfe \uD83C\uDF39 <&>").build())
                .child(XmlElement.builder("urn:xmpp:sid:0", "origin-id").attribute("id", "abc").build())
                .build();

        // Execute system under test
        String first = await(archive.append(ALICE, T0, ROMEO, stanza));
        String second = await(archive.append(ALICE, T0.minusSeconds(60), null, message(2)));
        Page page = await(archive.query(ALICE, Query.all(10)));

        // Verify results: archive order is append order, whatever the timestamps say.
        assertThat(page.entries()).containsExactly(new Entry(first, T0, ROMEO, stanza),
                new Entry(second, T0.minusSeconds(60), null, message(2)));
        assertThat(page.complete()).isTrue();
        assertThat(page.count()).isEqualTo(2);
        assertThat(await(archive.count(ALICE))).isEqualTo(2);
    }

    @Test
    void idsAreUniqueUrlSafeAndUnguessable() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(await(archive.append(i % 2 == 0 ? ALICE : BOB, T0, null, message(i))));
        }

        assertThat(new HashSet<>(ids)).hasSize(50);
        assertThat(ids).allMatch(id -> id.matches("[A-Za-z0-9_-]{24}"));
    }

    @Test
    void timestampsAreKeptToTheMicrosecond() {
        Instant precise = Instant.parse("2024-05-01T10:00:00.123456789Z");

        String id = await(archive.append(ALICE, precise, null, message(0)));

        assertThat(await(archive.query(ALICE, Query.all(1))).entries()).extracting(Entry::id, Entry::timestamp)
                .containsExactly(tuple(id, Instant.parse("2024-05-01T10:00:00.123456Z")));
    }

    @Test
    void pagingForwardVisitsEveryEntryOnce() {
        List<String> ids = appendTwentyFive();
        List<String> seen = new ArrayList<>();
        List<Boolean> completes = new ArrayList<>();

        Page page = await(archive.query(ALICE, Query.all(10)));
        while (true) {
            page.entries().forEach(e -> seen.add(e.id()));
            completes.add(page.complete());
            assertThat(page.count()).isEqualTo(25);
            if (page.complete()) {
                break;
            }
            String after = page.entries().get(page.entries().size() - 1).id();
            page = await(archive.query(ALICE, query(null, after, null, false, 10)));
        }

        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(completes).containsExactly(false, false, true);
    }

    @Test
    void pagingBackwardFromTheEndVisitsEveryEntryOnce() {
        List<String> ids = appendTwentyFive();
        List<List<String>> pages = new ArrayList<>();
        List<Boolean> completes = new ArrayList<>();

        Page page = await(archive.query(ALICE, query(null, null, null, true, 10)));
        while (true) {
            pages.add(0, page.entries().stream().map(Entry::id).toList());
            completes.add(page.complete());
            if (page.complete()) {
                break;
            }
            page = await(archive.query(ALICE, query(null, null, page.entries().get(0).id(), false, 10)));
        }

        assertThat(pages).containsExactly(ids.subList(0, 5), ids.subList(5, 15), ids.subList(15, 25));
        assertThat(completes).containsExactly(false, false, true);
    }

    @Test
    void pageThatReachesTheEndExactlyIsComplete() {
        List<String> ids = appendTwentyFive();

        Page forward = await(archive.query(ALICE, query(null, ids.get(14), null, false, 10)));
        Page backward = await(archive.query(ALICE, query(null, null, ids.get(10), false, 10)));
        Page everything = await(archive.query(ALICE, Query.all(25)));
        Page lastOnes = await(archive.query(ALICE, query(null, null, null, true, 30)));

        assertThat(forward.entries()).extracting(Entry::id).containsExactlyElementsOf(ids.subList(15, 25));
        assertThat(forward.complete()).isTrue();
        assertThat(backward.entries()).extracting(Entry::id).containsExactlyElementsOf(ids.subList(0, 10));
        assertThat(backward.complete()).isTrue();
        assertThat(everything.complete()).isTrue();
        assertThat(lastOnes.entries()).extracting(Entry::id).containsExactlyElementsOf(ids);
        assertThat(lastOnes.complete()).isTrue();
    }

    @Test
    void afterTheLastAndBeforeTheFirstAreEmptyAndComplete() {
        List<String> ids = appendTwentyFive();

        Page after = await(archive.query(ALICE, query(null, ids.get(24), null, false, 10)));
        Page before = await(archive.query(ALICE, query(null, null, ids.get(0), false, 10)));

        assertThat(after.entries()).isEmpty();
        assertThat(after.complete()).isTrue();
        assertThat(after.count()).isEqualTo(25);
        assertThat(before.entries()).isEmpty();
        assertThat(before.complete()).isTrue();
    }

    @Test
    void afterAndBeforeTogetherGiveTheLastEntriesBetweenThem() {
        List<String> ids = appendTwentyFive();

        Page between = await(archive.query(ALICE, query(null, ids.get(3), ids.get(20), false, 5)));
        Page all = await(archive.query(ALICE, query(null, ids.get(3), ids.get(6), false, 5)));

        assertThat(between.entries()).extracting(Entry::id).containsExactlyElementsOf(ids.subList(15, 20));
        assertThat(between.complete()).isFalse();
        assertThat(all.entries()).extracting(Entry::id).containsExactly(ids.get(4), ids.get(5));
        assertThat(all.complete()).isTrue();
    }

    @Test
    void limitZeroGivesOnlyTheCount() {
        appendTwentyFive();

        Page page = await(archive.query(ALICE, Query.all(0)));
        Page empty = await(archive.query(BOB, Query.all(0)));

        assertThat(page.entries()).isEmpty();
        assertThat(page.count()).isEqualTo(25);
        assertThat(page.complete()).isFalse();
        assertThat(empty.entries()).isEmpty();
        assertThat(empty.complete()).isTrue();
        assertThat(empty.count()).isZero();
    }

    @Test
    void withFilterPagesThroughMatchingEntriesOnly() {
        List<String> ids = appendTwentyFive();
        List<String> odd = new ArrayList<>();
        for (int i = 1; i < 25; i += 2) {
            odd.add(ids.get(i));
        }

        Page first = await(archive.query(ALICE, new Query(MERCUTIO, null, null, null, null, null, 5, false)));
        // Paging from an entry the filter does not match (m10, Romeo's) is allowed.
        Page next = await(archive.query(ALICE, new Query(MERCUTIO, null, null, ids.get(10), null, null, 5, false)));
        Page last = await(archive.query(ALICE, new Query(MERCUTIO, null, null, null, null, null, 5, true)));

        assertThat(first.entries()).extracting(Entry::id).containsExactlyElementsOf(odd.subList(0, 5));
        assertThat(first.entries()).extracting(Entry::with).containsOnly(MERCUTIO);
        assertThat(first.count()).isEqualTo(12);
        assertThat(first.complete()).isFalse();
        assertThat(next.entries()).extracting(Entry::id).containsExactlyElementsOf(odd.subList(5, 10));
        assertThat(last.entries()).extracting(Entry::id).containsExactlyElementsOf(odd.subList(7, 12));
        assertThat(last.complete()).isFalse();
        assertThat(await(archive.query(ALICE, new Query("nobody@example.net", null, null, null, null, null, 5,
                false))).count()).isZero();
    }

    @Test
    void startAndEndAreInclusive() {
        List<String> ids = appendTwentyFive();

        Page page = await(archive.query(ALICE,
                new Query(null, T0.plusSeconds(5), T0.plusSeconds(9), null, null, null, 100, false)));
        Page fromStart = await(archive.query(ALICE,
                new Query(null, T0.plusSeconds(20), null, null, null, null, 100, false)));
        Page untilEnd = await(archive.query(ALICE,
                new Query(ROMEO, null, T0.plusSeconds(4), null, null, null, 100, false)));
        Page justAfter = await(archive.query(ALICE,
                new Query(null, T0.plusSeconds(24).plusNanos(1), null, null, null, null, 100, false)));
        Page justBefore = await(archive.query(ALICE,
                new Query(null, null, T0.minusNanos(1), null, null, null, 100, false)));

        assertThat(page.entries()).extracting(Entry::id).containsExactlyElementsOf(ids.subList(5, 10));
        assertThat(page.count()).isEqualTo(5);
        assertThat(page.complete()).isTrue();
        assertThat(fromStart.entries()).extracting(Entry::id).containsExactlyElementsOf(ids.subList(20, 25));
        assertThat(untilEnd.entries()).extracting(Entry::id).containsExactly(ids.get(0), ids.get(2), ids.get(4));
        assertThat(justAfter.entries()).isEmpty();
        assertThat(justBefore.entries()).isEmpty();
    }

    @Test
    void idsFilterSelectsThoseEntriesInArchiveOrder() {
        List<String> ids = appendTwentyFive();
        String bobs = await(archive.append(BOB, T0, null, message(99)));

        Page page = await(archive.query(ALICE, new Query(null, null, null, null, null,
                List.of(ids.get(7), ids.get(2), "unknown", bobs, ids.get(19)), 2, false)));
        Page none = await(archive.query(ALICE, new Query(null, null, null, null, null, List.of(), 10, false)));

        assertThat(page.entries()).extracting(Entry::id).containsExactly(ids.get(2), ids.get(7));
        assertThat(page.count()).isEqualTo(3);
        assertThat(page.complete()).isFalse();
        assertThat(none.entries()).isEmpty();
        assertThat(none.count()).isZero();
        assertThat(none.complete()).isTrue();
    }

    @Test
    void unknownPagingIdsFailTheStage() {
        appendTwentyFive();
        String bobs = await(archive.append(BOB, T0, null, message(0)));
        String otherStore = await(provider.archive("offline").append(ALICE, T0, null, message(0)));

        for (Query query : List.of(query(null, "unknown", null, false, 10), query(null, null, "unknown", true, 10),
                query(null, bobs, null, false, 10), query(null, null, otherStore, false, 10))) {
            CompletionStage<Page> stage = archive.query(ALICE, query);

            assertThatThrownBy(stage.toCompletableFuture()::join).hasCauseInstanceOf(ItemNotFoundException.class);
        }
    }

    @Test
    void limitIsBoundedByTheStore() {
        // Order does not matter here: let the storage threads work in parallel.
        List<CompletionStage<String>> appends = new ArrayList<>();
        for (int i = 0; i <= ArchiveStore.MAX_LIMIT; i++) {
            appends.add(archive.append(ALICE, T0.plusSeconds(i), null, message(i)));
        }
        appends.forEach(AccountStoreContract::await);

        Page page = await(archive.query(ALICE, Query.all(Integer.MAX_VALUE)));

        assertThat(page.entries()).hasSize(ArchiveStore.MAX_LIMIT);
        assertThat(page.complete()).isFalse();
        assertThat(page.count()).isEqualTo(ArchiveStore.MAX_LIMIT + 1);
    }

    @Test
    void removeTakesOnlyTheOwnersNamedEntries() {
        List<String> ids = appendTwentyFive();
        String bobs = await(archive.append(BOB, T0, null, message(0)));

        int removed = await(archive.remove(ALICE, List.of(ids.get(0), ids.get(5), "unknown", bobs, ids.get(5))));

        assertThat(removed).isEqualTo(2);
        assertThat(await(archive.count(ALICE))).isEqualTo(23);
        assertThat(await(archive.count(BOB))).isEqualTo(1);
        assertThat(await(archive.remove(ALICE, List.of()))).isZero();
        assertThat(await(archive.query(ALICE, Query.all(100))).entries()).extracting(Entry::id)
                .doesNotContain(ids.get(0), ids.get(5)).hasSize(23);
        CompletionStage<Page> stage = archive.query(ALICE, query(null, ids.get(5), null, false, 10));
        assertThatThrownBy(stage.toCompletableFuture()::join).hasCauseInstanceOf(ItemNotFoundException.class);
    }

    @Test
    void removeAllEmptiesOneOwnersArchive() {
        appendTwentyFive();
        await(archive.append(BOB, T0, null, message(0)));
        await(provider.archive("offline").append(ALICE, T0, null, message(0)));

        assertThat(await(archive.removeAll(ALICE))).isEqualTo(25);

        assertThat(await(archive.count(ALICE))).isZero();
        assertThat(await(archive.query(ALICE, Query.all(10))).entries()).isEmpty();
        assertThat(await(archive.count(BOB))).isEqualTo(1);
        assertThat(await(provider.archive("offline").count(ALICE))).isEqualTo(1);
        assertThat(await(archive.removeAll(ALICE))).isZero();
    }

    @Test
    void archivesAndOwnersAreSeparate() {
        BareJid room = new BareJid("room", "conference.example.com");
        BareJid host = new BareJid(null, "example.com");
        ArchiveStore offline = provider.archive("offline");
        String mam = await(archive.append(ALICE, T0, null, message(1)));
        String off = await(offline.append(ALICE, T0, null, message(2)));
        String roomId = await(archive.append(room, T0, null, message(3)));
        String hostId = await(archive.append(host, T0, null, message(4)));

        assertThat(await(archive.query(ALICE, Query.all(10))).entries()).extracting(Entry::id).containsExactly(mam);
        assertThat(await(offline.query(ALICE, Query.all(10))).entries()).extracting(Entry::id).containsExactly(off);
        assertThat(await(archive.query(room, Query.all(10))).entries()).extracting(Entry::id).containsExactly(roomId);
        assertThat(await(archive.query(host, Query.all(10))).entries()).extracting(Entry::id).containsExactly(hostId);
        assertThat(provider.archive("mam")).isSameAs(archive);
        assertThat(offline.name()).isEqualTo("offline");
    }

    @Test
    void deletingAnAccountDeletesItsEntriesInEveryArchive() {
        AccountStore accounts = provider.accounts();
        await(accounts.create(ALICE, Map.of()));
        appendTwentyFive();
        await(provider.archive("offline").append(ALICE, T0, null, message(0)));
        await(archive.append(BOB, T0, null, message(0)));

        assertThat(await(accounts.delete(ALICE))).isTrue();

        assertThat(await(archive.count(ALICE))).isZero();
        assertThat(await(provider.archive("offline").count(ALICE))).isZero();
        assertThat(await(archive.count(BOB))).isEqualTo(1);
    }

    @Test
    void invalidArgumentsThrowAtOnce() {
        assertThatThrownBy(() -> Query.all(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit: -1 (expected: >= 0)");
        List<String> tooMany = Collections.nCopies(1001, "x");
        assertThatThrownBy(() -> new Query(null, null, null, null, null, tooMany, 10, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ids: 1001 (expected: <= 1000)");
        assertThatThrownBy(() -> archive.remove(ALICE, tooMany)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ids: 1001 (expected: <= 1000)");
        assertThatThrownBy(() -> archive.append(ALICE, T0, "x".repeat(3072), message(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("with: 3072 characters (expected: <= 3071)");
        assertThatThrownBy(() -> archive.append(null, T0, null, message(0))).isInstanceOf(NullPointerException.class)
                .hasMessage("owner");
        assertThatThrownBy(() -> archive.append(ALICE, null, null, message(0)))
                .isInstanceOf(NullPointerException.class).hasMessage("timestamp");
        assertThatThrownBy(() -> archive.append(ALICE, T0, null, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("stanza");
        assertThatThrownBy(() -> archive.query(ALICE, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("query");
        assertThatThrownBy(() -> archive.remove(ALICE, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("ids");
        assertThatThrownBy(() -> provider.archive("MAM")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closedProviderFailsEveryCall() {
        provider.close();

        List<CompletionStage<?>> calls = List.of(archive.append(ALICE, T0, null, message(0)),
                archive.query(ALICE, Query.all(10)), archive.remove(ALICE, List.of("x")), archive.removeAll(ALICE),
                archive.count(ALICE));

        for (CompletionStage<?> call : calls) {
            assertThatThrownBy(call.toCompletableFuture()::join).hasCauseInstanceOf(StorageException.class)
                    .cause().hasMessageContaining("closed");
        }
    }

    /** Appends m0..m24 for Alice, one second apart, with Romeo (even) and Mercutio (odd); returns their ids. */
    protected List<String> appendTwentyFive() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ids.add(await(archive.append(ALICE, T0.plusSeconds(i), i % 2 == 0 ? ROMEO : MERCUTIO, message(i))));
        }
        return ids;
    }

    protected static Query query(String with, String afterId, String beforeId, boolean last, int limit) {
        return new Query(with, null, null, afterId, beforeId, null, limit, last);
    }

    protected static XmlElement message(int n) {
        return XmlElement.builder(Namespaces.CLIENT, "message").attribute("id", "m" + n)
                .child(XmlElement.builder(Namespaces.CLIENT, "body").text("message " + n).build()).build();
    }
}
