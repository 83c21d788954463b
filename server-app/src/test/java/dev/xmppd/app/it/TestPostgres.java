package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.xmppd.core.config.StorageConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL the integration tests run against a second time ({@code XMPPD_TEST_POSTGRES_URL}, _USER,
 * _PASSWORD; bin/test starts one). Each test server gets its own schema. On CI a missing database is a failure,
 * elsewhere the PostgreSQL run is skipped.
 */
final class TestPostgres {
    private static final String URL = System.getenv("XMPPD_TEST_POSTGRES_URL");
    private static final String USER = System.getenv("XMPPD_TEST_POSTGRES_USER");
    private static final String PASSWORD = System.getenv("XMPPD_TEST_POSTGRES_PASSWORD");

    private TestPostgres() {
    }

    static String createSchema() throws SQLException {
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(URL != null, "XMPPD_TEST_POSTGRES_URL is not set");
        }
        assertThat(URL).as("XMPPD_TEST_POSTGRES_URL (CI runs the integration tests on PostgreSQL too)").isNotNull();
        String schema = "it_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    static StorageConfig storage(String schema) {
        String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new StorageConfig("postgresql", null, url, USER, PASSWORD, 2);
    }

    static void dropSchema(String schema) throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
