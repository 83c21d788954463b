package dev.xmppd.core.storage.memory;

import dev.xmppd.core.storage.ArchiveStoreContract;
import dev.xmppd.core.storage.StorageProvider;

class MemoryArchiveStoreTest extends ArchiveStoreContract {

    @Override
    protected StorageProvider openProvider() {
        return new MemoryStorageProvider();
    }
}
