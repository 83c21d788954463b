package dev.xmppd.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.config.ConfigException;
import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.storage.jdbc.JdbcStorageProvider;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageProvidersTest {

    @TempDir
    Path dir;

    @Test
    void opensTheBackendOfTheType() {
        try (StorageProvider memory = StorageProviders.open(config("memory"))) {
            assertThat(memory).isInstanceOf(MemoryStorageProvider.class);
        }
        try (StorageProvider h2 = StorageProviders.open(config("h2"))) {
            assertThat(h2).isInstanceOf(JdbcStorageProvider.class);
        }
        assertThat(Files.exists(dir.resolve("data/xmppd.mv.db"))).isTrue();
    }

    @Test
    void unknownTypeIsAConfigError() {
        assertThatThrownBy(() -> StorageProviders.open(config("mysql"))).isInstanceOf(ConfigException.class)
                .hasMessage("storage.type: 'mysql' (expected: h2, postgresql, memory)");
        assertThatThrownBy(() -> StorageProviders.open(config(null))).isInstanceOf(ConfigException.class)
                .hasMessage("storage.type: 'null' (expected: h2, postgresql, memory)");
    }

    @Test
    void incompleteSettingsAreConfigErrors() {
        assertThatThrownBy(() -> StorageProviders.open(new StorageConfig("h2", "data/x", null, null, null, 0)))
                .isInstanceOf(ConfigException.class).hasMessage("storage.pool-size: 0 (expected: >= 1)");
        assertThatThrownBy(() -> StorageProviders.open(new StorageConfig("h2", null, null, null, null, 1)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("storage.path: 'null' (expected: a file path without ';')");
        assertThatThrownBy(() -> StorageProviders.open(new StorageConfig("h2", "a;INIT=x", null, null, null, 1)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("storage.path: 'a;INIT=x' (expected: a file path without ';')");
        assertThatThrownBy(() -> StorageProviders.open(
                new StorageConfig("postgresql", null, "jdbc:mysql://db/x", "u", "p", 1)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("storage.url: 'jdbc:mysql://db/x' (expected: jdbc:postgresql://host:port/database)");
    }

    @Test
    void unreachableDatabaseIsAStorageErrorWithoutThePassword() {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        StorageConfig config = new StorageConfig("postgresql", null, "jdbc:postgresql://127.0.0.1:1/xmppd?connectTimeout=2",
                "xmppd", "s3cret", 1);

        assertThatThrownBy(() -> StorageProviders.open(config)).isInstanceOf(StorageException.class)
                .hasMessageStartingWith("storage: cannot connect to postgresql jdbc:postgresql://127.0.0.1:1/")
                .hasMessageNotContaining("s3cret");
    }

    private StorageConfig config(String type) {
        return new StorageConfig(type, dir.resolve("data/xmppd").toString(), null, null, null, 2);
    }
}
