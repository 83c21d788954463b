package dev.xmppd.core.storage.memory;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.storage.StorageProvider;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Storage kept in memory, for tests only ({@code storage.type: memory}). It lives in main code so that the tests of
 * other modules can use it. It behaves as the JDBC provider does (same return values, same argument checks, values
 * kept as XML text, stages fail with {@link dev.xmppd.core.storage.StorageException} after {@link #close()}),
 * except that every stage is already complete when it is returned. Thread-safe.
 */
public final class MemoryStorageProvider implements StorageProvider {

    private final AtomicBoolean closed = new AtomicBoolean();
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, MemoryKeyValueStore> keyValueStores = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, MemoryArchiveStore> archives = new ConcurrentHashMap<>();
    private final MemoryAccountStore accounts = new MemoryAccountStore(closed, this::deleteOwned);

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    @Override
    public KeyValueStore keyValue(String name) {
        StorageProvider.requireStoreName(name);
        return keyValueStores.computeIfAbsent(name, n -> new MemoryKeyValueStore(n, closed));
    }

    @Override
    public ArchiveStore archive(String name) {
        StorageProvider.requireStoreName(name);
        return archives.computeIfAbsent(name, n -> new MemoryArchiveStore(n, closed, random));
    }

    @Override
    public void close() {
        closed.set(true);
    }

    /** What a deleted account leaves in the other stores goes with it. */
    private void deleteOwned(BareJid account) {
        keyValueStores.values().forEach(store -> store.removeOwner(account));
        archives.values().forEach(store -> store.removeOwner(account));
    }
}
