/**
 * Storage SPI: one store interface per concern, opened by a {@link dev.xmppd.core.storage.StorageProvider}.
 *
 * <p>Starting points: {@link dev.xmppd.core.storage.StorageProviders#open}, {@link dev.xmppd.core.storage.AccountStore}.
 * Implementations: {@code storage.jdbc} (embedded H2, PostgreSQL) and {@code storage.memory} (tests only).
 */
package dev.xmppd.core.storage;
