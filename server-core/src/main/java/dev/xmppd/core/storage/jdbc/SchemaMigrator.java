package dev.xmppd.core.storage.jdbc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database schema up to date, one migration per transaction, in version order, each exactly once; the
 * {@code schema_version} table records what was applied with a checksum of the script.
 *
 * <p>Every transaction first takes the dialect's migration lock and then re-reads {@code schema_version}, so two
 * servers starting together on one PostgreSQL database apply each migration once: the second waits, then finds it
 * applied. PostgreSQL runs DDL inside the transaction, so a failed migration leaves nothing behind; H2 commits each
 * DDL statement, so migrations are written with {@code IF NOT EXISTS} to be safe to re-run after a crash.
 */
final class SchemaMigrator {

    private static final Logger logger = LoggerFactory.getLogger(SchemaMigrator.class);

    private static final String CREATE_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version ("
            + "version INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL, "
            + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)";

    private final SqlDialect dialect;
    private final List<Migration> migrations;

    SchemaMigrator(SqlDialect dialect, List<Migration> migrations) {
        this.dialect = requireNonNull(dialect, "dialect");
        this.migrations = List.copyOf(migrations);
        for (int i = 0; i < this.migrations.size(); i++) {
            if (this.migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations[" + i + "]: " + this.migrations.get(i).name()
                        + " (expected: version " + (i + 1) + ")");
            }
        }
    }

    /**
     * Applies the pending migrations.
     *
     * @return how many were applied by this call
     * @throws StorageException if a migration fails, if an applied one was changed since, or if the schema is newer
     *         than the migrations known here
     */
    int migrate(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int applied = 0;
                while (step(connection)) {
                    applied++;
                }
                return applied;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("schema migration: " + e.getMessage(), e);
        }
    }

    /** Applies the first pending migration in its own transaction; {@code false} if there was none. */
    private boolean step(Connection connection) throws SQLException {
        try {
            dialect.lockMigrations(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute(CREATE_VERSION_TABLE);
            }
            Map<Integer, String> applied = applied(connection);
            verify(applied);
            Migration next = migrations.stream().filter(m -> !applied.containsKey(m.version())).findFirst()
                    .orElse(null);
            if (next != null) {
                apply(connection, next);
            }
            connection.commit();
            if (next != null) {
                logger.info("Applied schema migration {} ({})", next.name(), dialect.id());
            }
            return next != null;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private static Map<Integer, String> applied(Connection connection) throws SQLException {
        Map<Integer, String> applied = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version, checksum FROM schema_version")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        return applied;
    }

    private void verify(Map<Integer, String> applied) {
        applied.forEach((version, checksum) -> {
            if (version > migrations.size()) {
                throw new StorageException("schema_version: " + version + " (expected: <= " + migrations.size()
                        + "); the database was migrated by a newer server and downgrades are not supported");
            }
            Migration migration = migrations.get(version - 1);
            if (!migration.checksum().equals(checksum)) {
                throw new StorageException("schema_version: " + migration.name() + " was changed after it was "
                        + "applied (checksum " + checksum + ", expected: " + migration.checksum() + ")");
            }
        });
    }

    private void apply(Connection connection, Migration migration) {
        List<String> statements = migration.statements();
        int index = 0;
        try (Statement statement = connection.createStatement()) {
            for (; index < statements.size(); index++) {
                statement.execute(statements.get(index));
            }
            record(connection, migration);
        } catch (SQLException e) {
            throw new StorageException("schema migration " + migration.name() + " (" + dialect.id() + "), statement "
                    + (index + 1) + " of " + statements.size() + ": " + e.getMessage(), e);
        }
    }

    private static void record(Connection connection, Migration migration) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO schema_version (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.name());
            insert.setString(3, migration.checksum());
            insert.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }
}
