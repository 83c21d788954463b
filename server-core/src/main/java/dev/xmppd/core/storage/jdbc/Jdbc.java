package dev.xmppd.core.storage.jdbc;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.StorageException;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlParser;
import java.sql.Connection;
import java.sql.PreparedStatement;
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

    /** Binds an owner to parameters {@code index} (domain) and {@code index + 1} (localpart, '' for none). */
    static void bindOwner(PreparedStatement statement, int index, BareJid owner) throws SQLException {
        statement.setString(index, owner.domain());
        statement.setString(index + 1, owner.local() == null ? "" : owner.local());
    }

    /** Reads back XML a store wrote; a value that no longer parses is a storage failure, not a caller's error. */
    static XmlElement parseStored(String xml, String where) {
        try {
            return XmlParser.parse(xml);
        } catch (IllegalArgumentException e) {
            throw new StorageException(where + ": stored value is not XML: " + e.getMessage(), e);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
