package dev.xmppd.core.storage.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.storage.StorageException;
import dev.xmppd.core.storage.StorageProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage on embedded H2 ({@code storage: {type: h2, path: data/xmppd}}) or PostgreSQL
 * ({@code storage: {type: postgresql, url: jdbc:postgresql://db/xmppd, user: ..., password: ...}}), DESIGN.md §5.
 *
 * <p>{@link #open} connects a HikariCP pool of {@code storage.pool-size} connections and applies pending schema
 * migrations before it returns. Store calls run on a storage executor of as many daemon threads
 * ({@code xmppd-storage-N}) with a bounded queue; their stages complete on those threads, or fail at once with a
 * {@link StorageException} when the queue is full or the provider is closed.
 */
public final class JdbcStorageProvider implements StorageProvider {

    private static final Logger logger = LoggerFactory.getLogger(JdbcStorageProvider.class);
    private static final long CLOSE_TIMEOUT_MILLIS = 10_000;

    private final JdbcSettings settings;
    private final HikariDataSource dataSource;
    private final StorageExecutor executor;
    private final AccountStore accounts;
    private final Jdbc jdbc;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, KeyValueStore> keyValueStores = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, JdbcArchiveStore> archives = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcStorageProvider(JdbcSettings settings, HikariDataSource dataSource, StorageExecutor executor) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.executor = executor;
        this.jdbc = new Jdbc(dataSource, executor);
        this.accounts = new JdbcAccountStore(jdbc);
    }

    /**
     * Connects and migrates the schema; blocks the caller (start-up) while doing so.
     *
     * @throws dev.xmppd.core.config.ConfigException if the type is not {@code h2} or {@code postgresql}, or a
     *         setting it needs is missing
     * @throws StorageException if the database cannot be reached or a migration fails
     */
    public static JdbcStorageProvider open(StorageConfig config) {
        requireNonNull(config, "config");
        JdbcSettings settings = JdbcSettings.from(config);
        HikariDataSource dataSource = connect(settings);
        try {
            int applied = new SchemaMigrator(settings.dialect(),
                    Migrations.load(settings.dialect(), JdbcStorageProvider.class.getClassLoader()))
                    .migrate(dataSource);
            logger.info("Storage opened: {}; {} schema migration(s) applied", settings, applied);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new JdbcStorageProvider(settings, dataSource,
                new StorageExecutor(settings.poolSize(), StorageExecutor.DEFAULT_QUEUE_CAPACITY));
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    @Override
    public KeyValueStore keyValue(String name) {
        StorageProvider.requireStoreName(name);
        return keyValueStores.computeIfAbsent(name, n -> new JdbcKeyValueStore(jdbc, n));
    }

    @Override
    public ArchiveStore archive(String name) {
        StorageProvider.requireStoreName(name);
        return archives.computeIfAbsent(name, n -> new JdbcArchiveStore(jdbc, n, random));
    }

    /**
     * Writes the archive appends still queued and finishes queued work (up to 10 s each), then closes the pool; an
     * H2 database is shut down cleanly first.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        drainArchives();
        executor.close(CLOSE_TIMEOUT_MILLIS);
        if (settings.dialect() == SqlDialect.H2) {
            shutdownH2();
        }
        dataSource.close();
        logger.info("Storage closed: {}", settings);
    }

    /** For tests in this package: the pool. */
    DataSource dataSource() {
        return dataSource;
    }

    /**
     * Waits until the archives have written what they hold and the executor is idle. Work that is still running
     * may append more (an archiver reads the owner's preferences, then appends), so this repeats until both are
     * quiet at once, for at most the close timeout.
     */
    private void drainArchives() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_TIMEOUT_MILLIS);
        while (true) {
            CompletableFuture<?>[] drained = archives.values().stream().map(JdbcArchiveStore::drained)
                    .toArray(CompletableFuture<?>[]::new);
            try {
                CompletableFuture.allOf(drained).get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                if (executor.isIdle() && archives.values().stream().allMatch(JdbcArchiveStore::isDrained)) {
                    return;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new TimeoutException();
                }
                Thread.sleep(1); // storage work is running; let it finish before looking again
            } catch (TimeoutException e) {
                logger.warn("Storage {}: archive appends still queued after {} ms are abandoned", settings,
                        CLOSE_TIMEOUT_MILLIS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // drained() never fails
            }
        }
    }

    private void shutdownH2() {
        boolean done = false;
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
            done = true;
        } catch (SQLException e) {
            // After SHUTDOWN, returning the connection to the pool fails: the database is closed, as wanted.
            if (!done) {
                logger.warn("H2 shutdown of {} failed: {}", settings.h2File(), e.getMessage());
            }
        }
    }

    private static HikariDataSource connect(JdbcSettings settings) {
        if (settings.h2File() != null) {
            createParent(settings);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("xmppd-storage");
        hikari.setJdbcUrl(settings.url());
        hikari.setUsername(settings.user());
        hikari.setPassword(settings.password());
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setMinimumIdle(settings.poolSize());
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StorageException("storage: cannot connect to " + settings + ": " + cause.getMessage(), e);
        }
    }

    private static void createParent(JdbcSettings settings) {
        try {
            Files.createDirectories(settings.h2File().getParent());
        } catch (IOException e) {
            throw new StorageException("storage.path: cannot create " + settings.h2File().getParent() + ": " + e, e);
        }
    }
}
