package dev.xmppd.core.config;

/**
 * Storage backend (YAML {@code storage}).
 *
 * @param type {@code h2} (embedded, default), {@code postgresql}, or {@code memory} (tests only)
 * @param path for h2: the database file path without extension, relative to the working directory
 * @param url for postgresql: the JDBC URL
 * @param user for postgresql: the user
 * @param password for postgresql: the password
 * @param poolSize the number of connections, which is also the number of storage threads
 */
public record StorageConfig(String type, String path, String url, String user, String password, int poolSize) {

    public static StorageConfig defaults() {
        return new StorageConfig("h2", "data/xmppd", null, null, null, 4);
    }
}
