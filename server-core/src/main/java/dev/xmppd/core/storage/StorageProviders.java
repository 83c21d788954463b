package dev.xmppd.core.storage;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.config.ConfigException;
import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.storage.jdbc.JdbcStorageProvider;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;

/** Opens the storage backend named by {@code storage.type}. */
public final class StorageProviders {

    private StorageProviders() {
    }

    /**
     * Opens the backend and, for the JDBC ones, applies pending schema migrations before returning.
     *
     * @throws ConfigException if the type is unknown or the settings for it are incomplete
     * @throws StorageException if the database cannot be opened or migrated
     */
    public static StorageProvider open(StorageConfig config) {
        requireNonNull(config, "config");
        String type = config.type();
        if ("h2".equals(type) || "postgresql".equals(type)) {
            return JdbcStorageProvider.open(config);
        }
        if ("memory".equals(type)) {
            return new MemoryStorageProvider();
        }
        throw new ConfigException("storage.type: '" + type + "' (expected: h2, postgresql, memory)");
    }
}
