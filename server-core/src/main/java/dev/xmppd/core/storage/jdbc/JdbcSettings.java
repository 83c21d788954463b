package dev.xmppd.core.storage.jdbc;

import dev.xmppd.core.config.ConfigException;
import dev.xmppd.core.config.StorageConfig;
import java.nio.file.Path;

/**
 * The checked connection settings of a JDBC backend.
 *
 * @param url the JDBC URL
 * @param h2File for H2, the database file path (without {@code .mv.db}); {@code null} for PostgreSQL
 */
record JdbcSettings(SqlDialect dialect, String url, String user, String password, int poolSize, Path h2File) {

    /**
     * H2 settings: PostgreSQL mode so that most SQL is shared; we close the database ourselves (SHUTDOWN in
     * {@link JdbcStorageProvider#close()}), not a JVM shutdown hook that may run before our own shutdown.
     *
     * <p>{@code AUTO_COMPACT_FILL_RATE=50}: H2's background thread rewrites the file's chunks whenever less than this
     * share of the file is live data (H2's default is 90). Archiving every message dirties index pages all over the
     * file, so at 90 % it compacted without pause: at 1,000 archived messages/s that took the server from 325 to 440
     * µs of CPU per message and the p99 delivery latency from 6 to 28 ms (docs/performance.md, run of 2026-11-27
     * 16:30). At 50 % the file was no larger after 180,000 messages (about 1 KB per message either way); in the worst
     * case it holds as much free space as live data, which H2 reuses before it grows the file.
     */
    private static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;AUTO_COMPACT_FILL_RATE=50";

    static JdbcSettings from(StorageConfig config) {
        if (config.poolSize() < 1) {
            throw new ConfigException("storage.pool-size: " + config.poolSize() + " (expected: >= 1)");
        }
        return switch (String.valueOf(config.type())) {
            case "h2" -> h2(config);
            case "postgresql" -> postgresql(config);
            default -> throw new ConfigException("storage.type: '" + config.type() + "' (expected: h2, postgresql)");
        };
    }

    private static JdbcSettings h2(StorageConfig config) {
        String path = config.path();
        if (path == null || path.isBlank() || path.indexOf(';') >= 0) {
            throw new ConfigException("storage.path: '" + path + "' (expected: a file path without ';')");
        }
        Path file = Path.of(path).toAbsolutePath().normalize();
        String user = config.user() != null ? config.user() : "sa";
        String password = config.password() != null ? config.password() : "";
        return new JdbcSettings(SqlDialect.H2, "jdbc:h2:file:" + file + H2_OPTIONS, user, password,
                config.poolSize(), file);
    }

    private static JdbcSettings postgresql(StorageConfig config) {
        String url = config.url();
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("storage.url: '" + url + "' (expected: jdbc:postgresql://host:port/database)");
        }
        return new JdbcSettings(SqlDialect.POSTGRESQL, url, config.user(), config.password(), config.poolSize(),
                null);
    }

    @Override
    public String toString() {
        // Never log the password.
        return dialect.id() + " " + url + " (user " + user + ", pool " + poolSize + ")";
    }
}
