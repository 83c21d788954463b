package dev.xmppd.core.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.storage.AccountStoreContract;
import dev.xmppd.core.storage.StorageProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryAccountStoreTest extends AccountStoreContract {

    @Override
    protected StorageProvider openProvider() {
        return new MemoryStorageProvider();
    }

    @Test
    void stagesAreCompleteWhenReturned() {
        assertThat(store.create(ALICE, Map.of()).toCompletableFuture()).isCompletedWithValue(true);
        assertThat(store.count("example.com").toCompletableFuture()).isCompletedWithValue(1L);
    }
}
