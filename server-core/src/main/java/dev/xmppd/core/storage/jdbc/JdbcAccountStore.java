package dev.xmppd.core.storage.jdbc;

import static dev.xmppd.core.storage.AccountStore.requireAccountJid;
import static dev.xmppd.core.storage.AccountStore.requireCredentials;
import static java.util.Objects.requireNonNull;

import dev.xmppd.core.auth.ScramAlgorithm;
import dev.xmppd.core.auth.ScramCredential;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.Account;
import dev.xmppd.core.storage.AccountStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Accounts in the {@code accounts} and {@code scram_credentials} tables (migration V1); deleting one also deletes its
 * rows in {@code kv_store} and {@code archive} (migration V2).
 */
final class JdbcAccountStore implements AccountStore {

    private static final String FIND = "SELECT c.algorithm, c.salt, c.iterations, c.stored_key, c.server_key "
            + "FROM accounts a LEFT JOIN scram_credentials c ON c.domain = a.domain AND c.localpart = a.localpart "
            + "WHERE a.domain = ? AND a.localpart = ?";
    private static final String INSERT_ACCOUNT =
            "INSERT INTO accounts (domain, localpart, created_at) VALUES (?, ?, ?)";
    private static final String INSERT_CREDENTIAL = "INSERT INTO scram_credentials "
            + "(domain, localpart, algorithm, salt, iterations, stored_key, server_key) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String LOCK_ACCOUNT =
            "SELECT 1 FROM accounts WHERE domain = ? AND localpart = ? FOR UPDATE";
    private static final String DELETE_CREDENTIALS = "DELETE FROM scram_credentials WHERE domain = ? AND localpart = ?";
    private static final List<String> DELETE_OWNED = List.of(
            "DELETE FROM kv_store WHERE domain = ? AND localpart = ?",
            "DELETE FROM archive WHERE domain = ? AND localpart = ?");
    private static final String DELETE_ACCOUNT = "DELETE FROM accounts WHERE domain = ? AND localpart = ?";
    private static final String EXISTS = "SELECT 1 FROM accounts WHERE domain = ? AND localpart = ?";
    private static final String LIST = "SELECT localpart FROM accounts WHERE domain = ? ORDER BY localpart";
    private static final String COUNT = "SELECT COUNT(*) FROM accounts WHERE domain = ?";

    private final Jdbc jdbc;

    JdbcAccountStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public CompletionStage<Optional<Account>> find(BareJid jid) {
        requireAccountJid(jid);
        return jdbc.call("find " + jid, c -> {
            try (PreparedStatement find = prepare(c, FIND, jid); ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<ScramAlgorithm, ScramCredential> credentials = new EnumMap<>(ScramAlgorithm.class);
                do {
                    ScramAlgorithm algorithm = algorithm(rs.getString(1));
                    if (algorithm != null) {
                        credentials.put(algorithm, new ScramCredential(algorithm, rs.getBytes(2), rs.getInt(3),
                                rs.getBytes(4), rs.getBytes(5)));
                    }
                } while (rs.next());
                return Optional.of(new Account(jid, credentials));
            }
        });
    }

    @Override
    public CompletionStage<Boolean> create(BareJid jid, Map<ScramAlgorithm, ScramCredential> credentials) {
        requireAccountJid(jid);
        Map<ScramAlgorithm, ScramCredential> checked = requireCredentials(credentials);
        return jdbc.transaction("create " + jid, c -> {
            try (PreparedStatement insert = prepare(c, INSERT_ACCOUNT, jid)) {
                insert.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                insert.executeUpdate();
            } catch (SQLException e) {
                // A concurrent create of the same account waits on the primary key, then fails here once the
                // other one commits: that is "already exists", not an error.
                if (Jdbc.isUniqueViolation(e)) {
                    c.rollback();
                    return false;
                }
                throw e;
            }
            insertCredentials(c, jid, checked);
            return true;
        });
    }

    @Override
    public CompletionStage<Boolean> updateCredentials(BareJid jid, Map<ScramAlgorithm, ScramCredential> credentials) {
        requireAccountJid(jid);
        Map<ScramAlgorithm, ScramCredential> checked = requireCredentials(credentials);
        return jdbc.transaction("update credentials of " + jid, c -> {
            // Locking the account row serializes this with concurrent updates and deletes of the same account.
            try (PreparedStatement lock = prepare(c, LOCK_ACCOUNT, jid); ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
            }
            try (PreparedStatement delete = prepare(c, DELETE_CREDENTIALS, jid)) {
                delete.executeUpdate();
            }
            insertCredentials(c, jid, checked);
            return true;
        });
    }

    @Override
    public CompletionStage<Boolean> delete(BareJid jid) {
        requireAccountJid(jid);
        // Credentials go with the account row (ON DELETE CASCADE); the stores' rows have no foreign key, since their
        // owners need not be accounts, so they are deleted here, in the same transaction.
        return jdbc.transaction("delete " + jid, c -> {
            for (String sql : DELETE_OWNED) {
                try (PreparedStatement delete = prepare(c, sql, jid)) {
                    delete.executeUpdate();
                }
            }
            try (PreparedStatement delete = prepare(c, DELETE_ACCOUNT, jid)) {
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public CompletionStage<Boolean> exists(BareJid jid) {
        requireAccountJid(jid);
        return jdbc.call("exists " + jid, c -> {
            try (PreparedStatement exists = prepare(c, EXISTS, jid); ResultSet rs = exists.executeQuery()) {
                return rs.next();
            }
        });
    }

    @Override
    public CompletionStage<List<BareJid>> list(String domain) {
        requireNonNull(domain, "domain");
        return jdbc.call("list " + domain, c -> {
            try (PreparedStatement list = c.prepareStatement(LIST)) {
                list.setString(1, domain);
                try (ResultSet rs = list.executeQuery()) {
                    List<BareJid> jids = new ArrayList<>();
                    while (rs.next()) {
                        jids.add(new BareJid(rs.getString(1), domain));
                    }
                    return List.copyOf(jids);
                }
            }
        });
    }

    @Override
    public CompletionStage<Long> count(String domain) {
        requireNonNull(domain, "domain");
        return jdbc.call("count " + domain, c -> {
            try (PreparedStatement count = c.prepareStatement(COUNT)) {
                count.setString(1, domain);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static void insertCredentials(Connection c, BareJid jid, Map<ScramAlgorithm, ScramCredential> credentials)
            throws SQLException {
        if (credentials.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = prepare(c, INSERT_CREDENTIAL, jid)) {
            for (ScramCredential credential : credentials.values()) {
                insert.setString(3, credential.algorithm().mechanism());
                insert.setBytes(4, credential.salt());
                insert.setInt(5, credential.iterations());
                insert.setBytes(6, credential.storedKey());
                insert.setBytes(7, credential.serverKey());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Prepares a statement whose first two parameters are the account key (domain, localpart). */
    private static PreparedStatement prepare(Connection c, String sql, BareJid jid) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        statement.setString(1, jid.domain());
        statement.setString(2, jid.local());
        return statement;
    }

    /** The algorithm stored under its SASL mechanism name; {@code null} for one this server does not know. */
    private static ScramAlgorithm algorithm(String mechanism) {
        if (mechanism == null) {
            return null;
        }
        for (ScramAlgorithm algorithm : ScramAlgorithm.values()) {
            if (algorithm.mechanism().equals(mechanism)) {
                return algorithm;
            }
        }
        return null;
    }
}
