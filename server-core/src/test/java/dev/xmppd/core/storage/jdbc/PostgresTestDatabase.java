package dev.xmppd.core.storage.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import dev.xmppd.core.config.StorageConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh schema in the PostgreSQL test database named by {@code XMPPD_TEST_POSTGRES_URL} (plus {@code _USER} and
 * {@code _PASSWORD}; {@code .ci/postgres.sh} sets one up), dropped on close. Without the variable the test is
 * skipped, except under {@code CI=true}, where it fails: CI must never skip PostgreSQL silently.
 */
final class PostgresTestDatabase implements AutoCloseable {

    static final String URL = "XMPPD_TEST_POSTGRES_URL";

    private final String url;
    private final String user;
    private final String password;
    private final String schema;

    private PostgresTestDatabase(String url, String user, String password) throws SQLException {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = "xmppd_test_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        execute("CREATE SCHEMA " + schema);
    }

    /** Checks that a test database is configured: skips the test, or fails it under CI. */
    static void require() {
        if (System.getenv(URL) == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(URL + " is not set and CI=true: PostgreSQL tests must run in CI (see .ci/postgres.sh)");
            }
            Assumptions.abort(URL + " is not set: PostgreSQL tests skipped (run .ci/postgres.sh to set one up)");
        }
    }

    static PostgresTestDatabase create() throws SQLException {
        require();
        return new PostgresTestDatabase(System.getenv(URL), System.getenv("XMPPD_TEST_POSTGRES_USER"),
                System.getenv("XMPPD_TEST_POSTGRES_PASSWORD"));
    }

    String schema() {
        return schema;
    }

    /** The JDBC URL with this schema as the current one. */
    String url() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    StorageConfig config(int poolSize) {
        return new StorageConfig("postgresql", null, url(), user, password, poolSize);
    }

    DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url());
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }
}
