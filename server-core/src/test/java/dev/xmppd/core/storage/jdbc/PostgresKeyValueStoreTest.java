package dev.xmppd.core.storage.jdbc;

import dev.xmppd.core.storage.KeyValueStoreContract;
import dev.xmppd.core.storage.StorageProvider;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The KeyValueStore contract on PostgreSQL, one fresh schema per test. */
class PostgresKeyValueStoreTest extends KeyValueStoreContract {

    @RegisterExtension
    final PostgresSchemaPerTest postgres = new PostgresSchemaPerTest();

    @Override
    protected StorageProvider openProvider() throws Exception {
        return postgres.openProvider();
    }
}
