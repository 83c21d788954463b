package dev.xmppd.core.storage.jdbc;

import dev.xmppd.core.storage.ArchiveStoreContract;
import dev.xmppd.core.storage.StorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The ArchiveStore contract on PostgreSQL, one fresh schema per test. */
class PostgresArchiveStoreTest extends ArchiveStoreContract {

    private PostgresTestDatabase database;

    @BeforeAll
    static void requirePostgres() {
        PostgresTestDatabase.require();
    }

    @Override
    protected StorageProvider openProvider() throws Exception {
        database = PostgresTestDatabase.create();
        return JdbcStorageProvider.open(database.config(4));
    }

    @AfterEach
    void dropSchema() throws Exception {
        // Runs before the contract's own @AfterEach; close the pool first, then drop.
        provider.close();
        if (database != null) {
            database.close();
        }
    }
}
