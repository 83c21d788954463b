package dev.xmppd.core.storage.jdbc;

import static dev.xmppd.core.storage.jdbc.SchemaMigratorTest.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only PostgreSQL can show: transactional DDL, and servers starting at the same time on one database. */
class PostgresSchemaMigratorTest {

    private static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "V1__create.sql", "CREATE TABLE t (n INTEGER);"),
            new Migration(2, "V2__insert.sql", "INSERT INTO t VALUES (1);"),
            new Migration(3, "V3__more.sql", "CREATE TABLE u (n INTEGER);\nINSERT INTO t VALUES (2);"));

    private PostgresTestDatabase database;

    @BeforeAll
    static void requirePostgres() {
        PostgresTestDatabase.require();
    }

    @BeforeEach
    void createSchema() throws Exception {
        database = PostgresTestDatabase.create();
    }

    @AfterEach
    void dropSchema() throws Exception {
        database.close();
    }

    @Test
    void failedMigrationLeavesNothingBehind() throws Exception {
        Migration broken = new Migration(1, "V1__broken.sql", "CREATE TABLE a (n INTEGER);\nCREATE TABLE b (;");
        DataSource db = database.dataSource();

        assertThatThrownBy(() -> new SchemaMigrator(SqlDialect.POSTGRESQL, List.of(broken)).migrate(db))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("schema migration V1__broken.sql (postgresql), statement 2 of 2: ");

        assertThat(query(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                + database.schema() + "' AND table_name = 'a'")).isEmpty();
    }

    @Test
    void serversStartingTogetherApplyEachMigrationOnce() throws Exception {
        int servers = 6;
        ExecutorService threads = Executors.newFixedThreadPool(servers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> applied = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                DataSource db = database.dataSource();
                applied.add(threads.submit(() -> {
                    start.await();
                    return new SchemaMigrator(SqlDialect.POSTGRESQL, MIGRATIONS).migrate(db);
                }));
            }

            start.countDown();

            int total = 0;
            for (Future<Integer> result : applied) {
                total += result.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(MIGRATIONS.size());
            assertThat(query(database.dataSource(), "SELECT n FROM t ORDER BY n")).containsExactly("1", "2");
            assertThat(query(database.dataSource(), "SELECT version FROM schema_version ORDER BY version"))
                    .containsExactly("1", "2", "3");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void providerOpensOnAFreshSchemaAndReopens() throws Exception {
        try (JdbcStorageProvider provider = JdbcStorageProvider.open(database.config(2))) {
            assertThat(provider.accounts().count("example.com").toCompletableFuture().join()).isZero();
        }
        try (JdbcStorageProvider provider = JdbcStorageProvider.open(database.config(2))) {
            CompletableFuture<Long> count = provider.accounts().count("example.com").toCompletableFuture();
            assertThat(count.join()).isZero();
            assertThat(query(provider.dataSource(), "SELECT name FROM schema_version")).contains("V1__accounts.sql");
        }
    }
}
