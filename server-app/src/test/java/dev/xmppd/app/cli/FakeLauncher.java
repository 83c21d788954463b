package dev.xmppd.app.cli;

import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.storage.StorageProvider;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what the commands ask of the process; storage is one in-memory store that outlives each command. */
final class FakeLauncher implements Launcher {
    final MemoryStorageProvider storage = new MemoryStorageProvider();
    final AtomicInteger storageOpens = new AtomicInteger();
    final AtomicInteger storageCloses = new AtomicInteger();
    final List<XmppdConfig> started = new ArrayList<>();
    final CompletableFuture<Runnable> shutdownHook = new CompletableFuture<>();
    final CompletableFuture<Void> serverClosed = new CompletableFuture<>();
    RuntimeException startFailure;
    RuntimeException storageFailure;

    @Override
    public synchronized RunningServer start(XmppdConfig config) {
        if (startFailure != null) {
            throw startFailure;
        }
        started.add(config);
        return new RunningServer() {
            @Override
            public void close() {
                serverClosed.complete(null);
            }

            @Override
            public CompletableFuture<Void> closeFuture() {
                return serverClosed;
            }
        };
    }

    @Override
    public StorageProvider openStorage(StorageConfig config) {
        storageOpens.incrementAndGet();
        if (storageFailure != null) {
            throw storageFailure;
        }
        return new StorageProvider() {
            @Override
            public AccountStore accounts() {
                return storage.accounts();
            }

            @Override
            public KeyValueStore keyValue(String name) {
                return storage.keyValue(name);
            }

            @Override
            public ArchiveStore archive(String name) {
                return storage.archive(name);
            }

            @Override
            public void close() {
                storageCloses.incrementAndGet();
            }
        };
    }

    @Override
    public void addShutdownHook(Runnable hook) {
        shutdownHook.complete(hook);
    }
}
