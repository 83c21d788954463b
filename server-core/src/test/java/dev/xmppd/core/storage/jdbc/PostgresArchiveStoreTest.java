package dev.xmppd.core.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.storage.ArchiveStoreContract;
import dev.xmppd.core.storage.StorageProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ArchiveStore contract on PostgreSQL, one fresh schema per test. */
class PostgresArchiveStoreTest extends ArchiveStoreContract {

    @RegisterExtension
    final PostgresSchemaPerTest postgres = new PostgresSchemaPerTest();

    @Override
    protected StorageProvider openProvider() throws Exception {
        return postgres.openProvider();
    }

    /** V3 drops the 'with' index on H2 only: PostgreSQL keeps serving 'with' queries from it. */
    @Test
    void theWithIndexIsKept() throws Exception {
        assertThat(SchemaMigratorTest.query(((JdbcStorageProvider) provider).dataSource(), "SELECT indexname FROM pg_indexes"
                + " WHERE schemaname = current_schema() AND tablename = 'archive'"))
                .contains("archive_owner", "archive_owner_with");
    }
}
