package dev.xmppd.core.storage.memory;

import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.storage.StorageProvider;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Storage kept in memory, for tests only ({@code storage.type: memory}). It lives in main code so that the tests of
 * other modules can use it. It behaves as the JDBC provider does (same return values, same argument checks, stages
 * fail with {@link dev.xmppd.core.storage.StorageException} after {@link #close()}), except that every stage is
 * already complete when it is returned. Thread-safe.
 */
public final class MemoryStorageProvider implements StorageProvider {

    private final AtomicBoolean closed = new AtomicBoolean();
    private final MemoryAccountStore accounts = new MemoryAccountStore(closed);

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
