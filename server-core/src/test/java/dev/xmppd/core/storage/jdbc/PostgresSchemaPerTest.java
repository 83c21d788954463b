package dev.xmppd.core.storage.jdbc;

import dev.xmppd.core.storage.StorageProvider;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a storage contract on PostgreSQL with one fresh schema per test: register it as an instance field with
 * {@code @RegisterExtension} and return {@link #openProvider()} from the contract's {@code openProvider()}. The
 * schema is dropped after the contract's own {@code @AfterEach} closed the provider (extension callbacks run after
 * the test class's methods), so the pool is gone first. Skipped or failed as {@link PostgresTestDatabase#require()}
 * says when no database is configured.
 */
final class PostgresSchemaPerTest implements BeforeEachCallback, AfterEachCallback {
    private static final int POOL_SIZE = 4;

    private PostgresTestDatabase database;

    @Override
    public void beforeEach(ExtensionContext context) {
        PostgresTestDatabase.require();
    }

    /** A provider over a new, empty schema. */
    StorageProvider openProvider() throws SQLException {
        database = PostgresTestDatabase.create();
        return JdbcStorageProvider.open(database.config(POOL_SIZE));
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        PostgresTestDatabase used = database;
        database = null;
        if (used != null) {
            used.close();
        }
    }
}
