package dev.xmppd.core.storage.memory;

import dev.xmppd.core.storage.KeyValueStoreContract;
import dev.xmppd.core.storage.StorageProvider;

class MemoryKeyValueStoreTest extends KeyValueStoreContract {

    @Override
    protected StorageProvider openProvider() {
        return new MemoryStorageProvider();
    }
}
