package dev.xmppd.core.storage.jdbc;

import dev.xmppd.core.storage.ArchiveStoreContract;
import dev.xmppd.core.storage.StorageProvider;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ArchiveStore contract on PostgreSQL, one fresh schema per test. */
class PostgresArchiveStoreTest extends ArchiveStoreContract {

    @RegisterExtension
    final PostgresSchemaPerTest postgres = new PostgresSchemaPerTest();

    @Override
    protected StorageProvider openProvider() throws Exception {
        return postgres.openProvider();
    }
}
