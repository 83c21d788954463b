/**
 * JDBC storage on embedded H2 or PostgreSQL: a HikariCP pool, a bounded storage executor, and versioned schema
 * migrations applied at start-up from {@code db/migration/} on the classpath.
 *
 * <p>Starting point: {@link dev.xmppd.core.storage.jdbc.JdbcStorageProvider#open}. A new store adds a
 * {@code Jdbc*Store} class here that runs its SQL through {@code Jdbc}, and a migration script (see
 * {@code db/migration/README.md}).
 */
package dev.xmppd.core.storage.jdbc;
