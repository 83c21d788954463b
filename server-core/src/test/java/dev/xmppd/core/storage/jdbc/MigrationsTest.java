package dev.xmppd.core.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    /** Surefire runs in the module directory. */
    private static final Path SOURCES = Path.of("src/main/resources/db/migration");

    @Test
    void indexListsExactlyTheSharedScriptsAndOverridesHaveASharedTwin() throws IOException {
        List<String> listed = Migrations.names(Files.readString(SOURCES.resolve("index.txt")));

        assertThat(sqlFiles(SOURCES)).containsExactlyInAnyOrderElementsOf(listed);
        for (SqlDialect dialect : SqlDialect.values()) {
            assertThat(sqlFiles(SOURCES.resolve(dialect.id()))).isSubsetOf(listed);
        }
    }

    @Test
    void everyDialectGetsTheSameVersionsAndItsOwnOverrides() {
        List<Migration> h2 = Migrations.load(SqlDialect.H2, getClass().getClassLoader());
        List<Migration> postgresql = Migrations.load(SqlDialect.POSTGRESQL, getClass().getClassLoader());

        assertThat(h2).extracting(Migration::name).containsExactlyElementsOf(
                postgresql.stream().map(Migration::name).toList());
        assertThat(h2.get(0).sql()).doesNotContain("COLLATE");
        assertThat(postgresql.get(0).sql()).contains("COLLATE \"C\"");
    }

    @Test
    void overrideReplacesTheSharedScript() {
        ClassLoader loader = resources(Map.of(
                "db/migration/index.txt", "# comment\n\nV1__a.sql\nV2__b.sql\n",
                "db/migration/V1__a.sql", "shared a",
                "db/migration/V2__b.sql", "shared b",
                "db/migration/postgresql/V2__b.sql", "pg b"));

        assertThat(Migrations.load(SqlDialect.POSTGRESQL, loader)).extracting(Migration::sql)
                .containsExactly("shared a\n", "pg b\n");
        assertThat(Migrations.load(SqlDialect.H2, loader)).extracting(Migration::sql)
                .containsExactly("shared a\n", "shared b\n");
    }

    @Test
    void badIndexesAreRefused() {
        assertThatThrownBy(() -> Migrations.load(SqlDialect.H2, resources(Map.of())))
                .isInstanceOf(StorageException.class).hasMessage("db/migration/index.txt is missing from the classpath");
        assertThatThrownBy(() -> Migrations.load(SqlDialect.H2, index("V1__a.sql\nV3__c.sql")))
                .isInstanceOf(StorageException.class)
                .hasMessage("db/migration/index.txt: V3__c.sql (expected: version 2)");
        assertThatThrownBy(() -> Migrations.load(SqlDialect.H2, index("v1-a.sql")))
                .isInstanceOf(StorageException.class)
                .hasMessage("db/migration/index.txt: 'v1-a.sql' (expected: V1__<name>.sql)");
        assertThatThrownBy(() -> Migrations.load(SqlDialect.H2, index("V1__a.sql\nV2__missing.sql")))
                .isInstanceOf(StorageException.class)
                .hasMessage("db/migration/V2__missing.sql is listed in db/migration/index.txt but missing from the "
                        + "classpath");
    }

    @Test
    void checksumIgnoresLineEndingsButNotContent() {
        Migration unix = new Migration(1, "V1__a.sql", "CREATE TABLE a (n INT);\n");
        Migration windows = new Migration(1, "V1__a.sql", "CREATE TABLE a (n INT);\r\n");
        Migration other = new Migration(1, "V1__a.sql", "CREATE TABLE a (n BIGINT);\n");

        assertThat(windows.checksum()).isEqualTo(unix.checksum()).hasSize(64);
        assertThat(other.checksum()).isNotEqualTo(unix.checksum());
    }

    private static ClassLoader index(String index) {
        return resources(Map.of("db/migration/index.txt", index, "db/migration/V1__a.sql", "a"));
    }

    private static ClassLoader resources(Map<String, String> files) {
        Map<String, String> copy = new HashMap<>(files);
        return new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String name) {
                String text = copy.get(name);
                return text == null ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    private static List<String> sqlFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".sql")).toList();
        }
    }
}
