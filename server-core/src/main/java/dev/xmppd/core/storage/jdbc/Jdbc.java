package dev.xmppd.core.storage.jdbc;

import dev.xmppd.core.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;

/** Runs {@link SqlWork} on the storage executor with a pooled connection; what every JDBC store is built on. */
final class Jdbc {

    /** SQLSTATE of a unique or primary key violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final StorageExecutor executor;

    Jdbc(DataSource dataSource, StorageExecutor executor) {
        this.dataSource = dataSource;
        this.executor = executor;
    }

    /** Runs the work in auto-commit mode; an {@link SQLException} fails the stage with a {@link StorageException}. */
    <T> CompletionStage<T> call(String operation, SqlWork<T> work) {
        return executor.submit(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            } catch (SQLException e) {
                throw new StorageException(operation + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Runs the work in one transaction: committed if it returns, rolled back if it throws. Work that wants to undo
     * its changes and still return a value calls {@link Connection#rollback()} itself before returning.
     */
    <T> CompletionStage<T> transaction(String operation, SqlWork<T> work) {
        return call(operation, connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
