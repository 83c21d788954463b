package dev.xmppd.core.storage.jdbc;

import dev.xmppd.core.storage.StorageProvider;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The account contract on PostgreSQL, one fresh schema per test. */
class PostgresAccountStoreTest extends JdbcAccountStoreContract {

    @RegisterExtension
    final PostgresSchemaPerTest postgres = new PostgresSchemaPerTest();

    @Override
    protected StorageProvider openProvider() throws Exception {
        return postgres.openProvider();
    }
}
