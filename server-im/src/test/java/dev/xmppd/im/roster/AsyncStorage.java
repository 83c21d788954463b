package dev.xmppd.im.roster;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.storage.StorageProvider;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.xml.XmlElement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Memory storage whose key-value stages complete later, on a pool of threads, in no particular order: what the
 * JDBC provider does, without a database.
 */
final class AsyncStorage implements StorageProvider {
    private final MemoryStorageProvider memory = new MemoryStorageProvider();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Map<BareJid, CountDownLatch> held = new ConcurrentHashMap<>();

    /** Writes for {@code owner} wait (on a pool thread) until the returned action runs: a slow disk for one key. */
    Runnable holdWrites(BareJid owner) {
        CountDownLatch gate = new CountDownLatch(1);
        held.put(owner, gate);
        return () -> {
            held.remove(owner, gate);
            gate.countDown();
        };
    }

    private void awaitGate(BareJid owner) {
        CountDownLatch gate = held.get(owner);
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public AccountStore accounts() {
        return memory.accounts();
    }

    @Override
    public KeyValueStore keyValue(String name) {
        KeyValueStore d = memory.keyValue(name);
        return new KeyValueStore() {
            @Override
            public String name() {
                return d.name();
            }

            @Override
            public CompletionStage<Optional<XmlElement>> get(BareJid owner, String key) {
                return later(() -> d.get(owner, key));
            }

            @Override
            public CompletionStage<Void> put(BareJid owner, String key, XmlElement value) {
                return later(() -> {
                    awaitGate(owner);
                    return d.put(owner, key, value);
                });
            }

            @Override
            public CompletionStage<Boolean> remove(BareJid owner, String key) {
                return later(() -> d.remove(owner, key));
            }

            @Override
            public CompletionStage<Map<String, XmlElement>> getAll(BareJid owner) {
                return later(() -> d.getAll(owner));
            }

            @Override
            public CompletionStage<Integer> removeAll(BareJid owner) {
                return later(() -> d.removeAll(owner));
            }
        };
    }

    private <T> CompletionStage<T> later(Supplier<CompletionStage<T>> call) {
        return CompletableFuture.supplyAsync(() -> call.get().toCompletableFuture().join(), pool);
    }

    @Override
    public ArchiveStore archive(String name) {
        return memory.archive(name);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        memory.close();
    }
}
