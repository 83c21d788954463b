package dev.xmppd.core.storage.jdbc;

import static dev.xmppd.core.storage.jdbc.SchemaMigratorTest.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.storage.ArchiveStore.Entry;
import dev.xmppd.core.storage.ArchiveStore.Page;
import dev.xmppd.core.storage.ArchiveStore.Query;
import dev.xmppd.core.xml.XmlElement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive table on H2 after V3: no (owner, with_jid, seq) index, so a 'with' query walks the owner's entries on
 * {@code archive_owner}; the plans of the store's queries must still start from the owner, never scan the table.
 */
class H2ArchiveSchemaTest {

    private static final String OWNER = "domain = 'example.com' AND localpart = 'alice' AND store = 'mam'";
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void v3DropsTheWithIndexOfAnExistingV2DatabaseAndKeepsItsEntries() throws SQLException {
        DataSource db = dataSource();
        List<Migration> all = Migrations.load(SqlDialect.H2, getClass().getClassLoader());
        new SchemaMigrator(SqlDialect.H2, all.subList(0, 2)).migrate(db);
        assertThat(indexes(db)).contains("archive_owner_with");
        try (Connection c = db.getConnection(); Statement insert = c.createStatement()) {
            insert.execute("INSERT INTO archive (domain, localpart, store, id, ts, with_jid, stanza) VALUES "
                    + "('example.com', 'alice', 'mam', 'old-random-id-of-22-ch', TIMESTAMP WITH TIME ZONE "
                    + "'2026-11-26 10:00:00+00', 'romeo@example.net', '<message xmlns=\"jabber:client\"/>')");
        }

        try (JdbcStorageProvider provider = JdbcStorageProvider.open(config())) {
            assertThat(query(provider.dataSource(), "SELECT name FROM schema_version ORDER BY version"))
                    .containsExactly("V1__accounts.sql", "V2__stores.sql", "V3__archive_with_index.sql");
            assertThat(indexes(provider.dataSource())).contains("archive_owner").doesNotContain("archive_owner_with");
            ArchiveStore archive = provider.archive("mam");
            BareJid alice = new BareJid("alice", "example.com");
            String id = archive.append(alice, T0, "juliet@example.com", message()).toCompletableFuture().join();
            Page page = archive.query(alice, new Query("romeo@example.net", null, null, null, null, null, 10, false))
                    .toCompletableFuture().join();

            assertThat(page.entries()).extracting(Entry::id).containsExactly("old-random-id-of-22-ch");
            assertThat(archive.query(alice, Query.all(10)).toCompletableFuture().join().entries())
                    .extracting(Entry::id).containsExactly("old-random-id-of-22-ch", id);
        }
    }

    @Test
    void queriesFilteredByWithStillStartFromTheOwner() throws SQLException {
        try (JdbcStorageProvider provider = JdbcStorageProvider.open(config())) {
            DataSource db = provider.dataSource();
            String with = " AND with_jid = 'romeo@example.net'";

            assertThat(plan(db, "SELECT id, ts, with_jid, stanza FROM archive WHERE " + OWNER + with
                    + " ORDER BY seq ASC LIMIT 51")).contains("archive_owner");
            assertThat(plan(db, "SELECT id, ts, with_jid, stanza FROM archive WHERE " + OWNER + with
                    + " AND seq < 100 ORDER BY seq DESC LIMIT 51")).contains("archive_owner");
            assertThat(plan(db, "SELECT COUNT(*) FROM archive WHERE " + OWNER + with)).contains("archive_owner");
            assertThat(plan(db, "SELECT seq FROM archive WHERE " + OWNER + " AND id = 'x'"))
                    .containsAnyOf("archive_owner", "archive_store_id");
        }
    }

    private static List<String> indexes(DataSource db) throws SQLException {
        return query(db, "SELECT LOWER(index_name) FROM information_schema.indexes WHERE LOWER(table_name) = 'archive'");
    }

    private static String plan(DataSource db, String sql) throws SQLException {
        String plan = String.join("\n", query(db, "EXPLAIN " + sql)).toLowerCase();
        assertThat(plan).doesNotContain("tablescan");
        return plan;
    }

    private static XmlElement message() {
        return XmlElement.builder("jabber:client", "message").build();
    }

    private StorageConfig config() {
        return SchemaMigratorTest.h2Config(dir);
    }

    private DataSource dataSource() {
        return SchemaMigratorTest.h2DataSource(dir);
    }
}
