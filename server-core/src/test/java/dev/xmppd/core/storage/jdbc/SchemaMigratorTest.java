package dev.xmppd.core.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.auth.ScramCredential;
import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.Account;
import dev.xmppd.core.storage.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrations on embedded H2: once each, in order, idempotent on restart, refusing edited or unknown ones. */
class SchemaMigratorTest {

    private static final Migration CREATE = new Migration(1, "V1__create.sql", "CREATE TABLE t (n INTEGER);");
    private static final Migration INSERT_1 = new Migration(2, "V2__insert.sql", "INSERT INTO t VALUES (1);");
    private static final Migration INSERT_2 = new Migration(3, "V3__insert.sql", "INSERT INTO t VALUES (2);");

    @TempDir
    Path dir;

    @Test
    void openAppliesEveryListedMigrationOnce() throws Exception {
        List<String> listed = Migrations.names(
                new String(getClass().getClassLoader().getResourceAsStream(Migrations.INDEX).readAllBytes()));

        try (JdbcStorageProvider provider = JdbcStorageProvider.open(config())) {
            assertThat(query(provider.dataSource(), "SELECT name FROM schema_version ORDER BY version"))
                    .containsExactlyElementsOf(listed);
        }
    }

    @Test
    void reopenAppliesNothingAndKeepsData() throws SQLException {
        Map<ScramAlgorithm, ScramCredential> credentials = Map.of(ScramAlgorithm.SHA_256,
                new ScramCredential(ScramAlgorithm.SHA_256, new byte[] {1, 2}, 4096, new byte[] {3}, new byte[] {4}));
        BareJid alice = new BareJid("alice", "example.com");
        List<String> versions;
        try (JdbcStorageProvider provider = JdbcStorageProvider.open(config())) {
            provider.accounts().create(alice, credentials).toCompletableFuture().join();
            versions = query(provider.dataSource(), "SELECT version || ' ' || applied_at FROM schema_version");
        }

        try (JdbcStorageProvider provider = JdbcStorageProvider.open(config())) {
            SchemaMigrator migrator = new SchemaMigrator(SqlDialect.H2,
                    Migrations.load(SqlDialect.H2, getClass().getClassLoader()));

            assertThat(migrator.migrate(provider.dataSource())).isZero();
            assertThat(query(provider.dataSource(), "SELECT version || ' ' || applied_at FROM schema_version"))
                    .containsExactlyElementsOf(versions);
            Account found = provider.accounts().find(alice).toCompletableFuture().join().orElseThrow();
            assertThat(found.credentials()).usingRecursiveComparison().isEqualTo(credentials);
        }
    }

    @Test
    void pendingMigrationsApplyInOrderEachOnce() throws SQLException {
        DataSource db = dataSource();

        int first = new SchemaMigrator(SqlDialect.H2, List.of(CREATE, INSERT_1)).migrate(db);
        int again = new SchemaMigrator(SqlDialect.H2, List.of(CREATE, INSERT_1)).migrate(db);
        int later = new SchemaMigrator(SqlDialect.H2, List.of(CREATE, INSERT_1, INSERT_2)).migrate(db);

        assertThat(List.of(first, again, later)).containsExactly(2, 0, 1);
        assertThat(query(db, "SELECT n FROM t ORDER BY n")).containsExactly("1", "2");
        assertThat(query(db, "SELECT name FROM schema_version ORDER BY version"))
                .containsExactly("V1__create.sql", "V2__insert.sql", "V3__insert.sql");
    }

    @Test
    void failedMigrationIsNotRecordedAndIsRetriedOnNextStart() throws SQLException {
        DataSource db = dataSource();
        Migration broken = new Migration(2, "V2__insert.sql", "INSERT INTO t VALUES (1);\nINSERT INTO nowhere VALUES (1);");

        assertThatThrownBy(() -> new SchemaMigrator(SqlDialect.H2, List.of(CREATE, broken)).migrate(db))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("schema migration V2__insert.sql (h2), statement 2 of 2: ");

        assertThat(query(db, "SELECT version FROM schema_version")).containsExactly("1");
        assertThat(query(db, "SELECT n FROM t")).isEmpty();
        assertThat(new SchemaMigrator(SqlDialect.H2, List.of(CREATE, INSERT_1)).migrate(db)).isEqualTo(1);
        assertThat(query(db, "SELECT n FROM t")).containsExactly("1");
    }

    @Test
    void editedMigrationIsRefused() {
        DataSource db = dataSource();
        new SchemaMigrator(SqlDialect.H2, List.of(CREATE)).migrate(db);
        Migration edited = new Migration(1, "V1__create.sql", "CREATE TABLE t (n BIGINT);");

        assertThatThrownBy(() -> new SchemaMigrator(SqlDialect.H2, List.of(edited)).migrate(db))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("V1__create.sql was changed after it was applied");
    }

    @Test
    void schemaOfANewerServerIsRefused() {
        DataSource db = dataSource();
        new SchemaMigrator(SqlDialect.H2, List.of(CREATE, INSERT_1)).migrate(db);

        assertThatThrownBy(() -> new SchemaMigrator(SqlDialect.H2, List.of(CREATE)).migrate(db))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("schema_version: 2 (expected: <= 1); the database was migrated by a newer");
    }

    @Test
    void versionsMustStartAtOneWithoutGaps() {
        assertThatThrownBy(() -> new SchemaMigrator(SqlDialect.H2, List.of(CREATE, INSERT_2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("migrations[1]: V3__insert.sql (expected: version 2)");
    }

    private StorageConfig config() {
        return h2Config(dir);
    }

    private DataSource dataSource() {
        return h2DataSource(dir);
    }

    /** An H2 database in {@code dir}, as the server would open it (also used by the other schema tests). */
    static StorageConfig h2Config(Path dir) {
        return new StorageConfig("h2", dir.resolve("xmppd").toString(), null, null, null, 2);
    }

    /** A plain data source on {@link #h2Config}'s database, to build or inspect it without the server's code. */
    static DataSource h2DataSource(Path dir) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(JdbcSettings.from(h2Config(dir)).url());
        dataSource.setUser("sa");
        return dataSource;
    }

    static List<String> query(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }
}
