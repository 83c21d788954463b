package dev.xmppd.core.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** What differs between the databases we run on: the migration overrides and the migration lock. */
enum SqlDialect {
    /** Embedded H2 in PostgreSQL mode. One process owns the database file (H2's file lock), so no lock is taken. */
    H2("h2") {
        @Override
        void lockMigrations(Connection connection) {
        }
    },
    /** PostgreSQL; several servers may share one database and start at the same time. */
    POSTGRESQL("postgresql") {
        @Override
        void lockMigrations(Connection connection) throws SQLException {
            // Held until the transaction ends; keyed per schema so that schemas of one database migrate independently.
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ", hashtext(current_schema()))");
            }
        }
    };

    /** First key of the advisory lock: "xmpp" in ASCII. */
    private static final int MIGRATION_LOCK = 0x786d7070;

    private final String id;

    SqlDialect(String id) {
        this.id = id;
    }

    /** The {@code storage.type} value, also the folder of this dialect's migration overrides. */
    String id() {
        return id;
    }

    /** Serializes schema migrations against other servers on the same database, until the transaction ends. */
    abstract void lockMigrations(Connection connection) throws SQLException;
}
