package dev.xmppd.core.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.storage.KeyValueStoreContract;
import dev.xmppd.core.storage.StorageProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2KeyValueStoreTest extends KeyValueStoreContract {

    @TempDir
    Path dir;

    @Override
    protected StorageProvider openProvider() {
        return JdbcStorageProvider.open(new StorageConfig("h2", dir.resolve("db/xmppd").toString(), null, null, null, 4));
    }

    @Test
    void valuesSurviveAReopen() {
        store.put(ALICE, "k", item("kept")).toCompletableFuture().join();
        store.put(HOST, "", item("host")).toCompletableFuture().join();
        provider.close();

        provider = openProvider();

        assertThat(provider.keyValue("roster").get(ALICE, "k").toCompletableFuture().join()).contains(item("kept"));
        assertThat(provider.keyValue("roster").getAll(HOST).toCompletableFuture().join()).containsOnlyKeys("");
    }
}
