package dev.xmppd.muc;

import static dev.xmppd.muc.MucHarness.DOMAIN;
import static dev.xmppd.muc.MucHarness.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.history.RoomArchive;
import dev.xmppd.muc.options.RoomOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rooms on a real pool with storage that completes later, on its own thread, as JDBC does: a room that ends and is
 * entered again at once is created afresh, and the stanzas that waited behind its end are not lost.
 */
class AsyncRoomLifecycleTest {
    static final String CRONE = "crone@example.com/desktop";

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ExecutorService storageThreads = Executors.newFixedThreadPool(2);
    private final List<Stanza> out = new CopyOnWriteArrayList<>();
    private final MucService service;

    AsyncRoomLifecycleTest() {
        MemoryStorageProvider storage = new MemoryStorageProvider();
        service = new MucService(MucHarness.HOST, DOMAIN, pool, out::add, Set.of(), MucModule.MAX_ROOMS_PER_USER);
        RoomServices services = new RoomServices(DOMAIN, out::add, new RoomOptions(),
                later(storage.keyValue(MucModule.ROOMS_STORE)),
                new RoomArchive(later(storage.archive(MucModule.ARCHIVE))), new OccupantIds(new byte[32]),
                Clock.systemUTC(), Set.of(), service);
        service.start(services, List.of());
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        storageThreads.shutdownNow();
    }

    private void send(String xml) {
        service.handle(Stanza.parse(TestXml.parse(xml)).withFrom(Jid.parse(CRONE)));
    }

    @Test
    void aRoomEnteredRightAfterItEndedIsCreatedAgain() {
        for (int i = 0; i < 100; i++) {
            send("<presence to='fleeting@" + DOMAIN + "/crone'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            send("<presence type='unavailable' to='fleeting@" + DOMAIN + "/crone'/>");
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(out.stream()
                .filter(s -> statuses(s).contains(201))).hasSize(100));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(out.stream()
                .filter(s -> "unavailable".equals(s.element().attribute("type")))).hasSize(100));
        // Every room ended, and no handle is left behind
        await().atMost(Duration.ofSeconds(10)).until(() -> service.handleCount() == 0);
    }

    private <T> CompletionStage<T> later(CompletionStage<T> stage) {
        CompletableFuture<T> f = new CompletableFuture<>();
        stage.whenComplete((v, e) -> storageThreads.execute(() -> {
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(v);
            }
        }));
        return f;
    }

    private KeyValueStore later(KeyValueStore s) {
        return new KeyValueStore() {
            public String name() {
                return s.name();
            }

            public CompletionStage<Optional<XmlElement>> get(BareJid owner, String key) {
                return later(s.get(owner, key));
            }

            public CompletionStage<Void> put(BareJid owner, String key, XmlElement value) {
                return later(s.put(owner, key, value));
            }

            public CompletionStage<Boolean> remove(BareJid owner, String key) {
                return later(s.remove(owner, key));
            }

            public CompletionStage<Map<String, XmlElement>> getAll(BareJid owner) {
                return later(s.getAll(owner));
            }

            public CompletionStage<Integer> removeAll(BareJid owner) {
                return later(s.removeAll(owner));
            }
        };
    }

    private ArchiveStore later(ArchiveStore s) {
        return new ArchiveStore() {
            public String name() {
                return s.name();
            }

            public CompletionStage<String> append(BareJid owner, Instant timestamp, String with, XmlElement stanza) {
                return later(s.append(owner, timestamp, with, stanza));
            }

            public CompletionStage<Void> append(BareJid owner, String id, Instant timestamp, String with,
                    XmlElement stanza) {
                return later(s.append(owner, id, timestamp, with, stanza));
            }

            public CompletionStage<Page> query(BareJid owner, Query query) {
                return later(s.query(owner, query));
            }

            public CompletionStage<Integer> remove(BareJid owner, List<String> ids) {
                return later(s.remove(owner, ids));
            }

            public CompletionStage<Integer> removeAll(BareJid owner) {
                return later(s.removeAll(owner));
            }

            public CompletionStage<Long> count(BareJid owner) {
                return later(s.count(owner));
            }
        };
    }
}
