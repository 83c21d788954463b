package dev.xmppd.core.storage.jdbc;

import static dev.xmppd.core.storage.KeyValueStore.requireKey;
import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.XmlElement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/** One named store in the {@code kv_store} table (migration V2); values as {@link XmlElement#toXml()} text. */
final class JdbcKeyValueStore implements KeyValueStore {

    private static final String OWNER = "domain = ? AND localpart = ? AND store = ?";
    private static final String GET = "SELECT xml FROM kv_store WHERE " + OWNER + " AND item_key = ?";
    private static final String UPDATE = "UPDATE kv_store SET xml = ? WHERE " + OWNER + " AND item_key = ?";
    private static final String INSERT =
            "INSERT INTO kv_store (domain, localpart, store, item_key, xml) VALUES (?, ?, ?, ?, ?)";
    private static final String DELETE = "DELETE FROM kv_store WHERE " + OWNER + " AND item_key = ?";
    private static final String GET_ALL = "SELECT item_key, xml FROM kv_store WHERE " + OWNER;
    private static final String DELETE_ALL = "DELETE FROM kv_store WHERE " + OWNER;
    /** Update-or-insert rounds before giving up; each retry means another put or remove raced with this one. */
    private static final int PUT_ATTEMPTS = 5;

    private final Jdbc jdbc;
    private final String name;

    JdbcKeyValueStore(Jdbc jdbc, String name) {
        this.jdbc = jdbc;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<Optional<XmlElement>> get(BareJid owner, String key) {
        requireNonNull(owner, "owner");
        requireKey(key);
        return jdbc.call(what("get", owner), c -> {
            try (PreparedStatement get = prepare(c, GET, owner)) {
                get.setString(4, key);
                try (ResultSet rs = get.executeQuery()) {
                    return rs.next() ? Optional.of(Jdbc.parseStored(rs.getString(1), what("get", owner)))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public CompletionStage<Void> put(BareJid owner, String key, XmlElement value) {
        requireNonNull(owner, "owner");
        requireKey(key);
        String xml = requireNonNull(value, "value").toXml();
        // Update, else insert: portable SQL for an upsert. Auto-commit, so that a lost insert race (a unique
        // violation, which would abort a PostgreSQL transaction) is simply followed by another update.
        return jdbc.call(what("put", owner), c -> {
            for (int attempt = 1; ; attempt++) {
                if (update(c, owner, key, xml) > 0) {
                    return null;
                }
                try (PreparedStatement insert = prepare(c, INSERT, owner)) {
                    insert.setString(4, key);
                    insert.setString(5, xml);
                    insert.executeUpdate();
                    return null;
                } catch (SQLException e) {
                    if (!Jdbc.isUniqueViolation(e) || attempt == PUT_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        });
    }

    @Override
    public CompletionStage<Boolean> remove(BareJid owner, String key) {
        requireNonNull(owner, "owner");
        requireKey(key);
        return jdbc.call(what("remove", owner), c -> {
            try (PreparedStatement delete = prepare(c, DELETE, owner)) {
                delete.setString(4, key);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public CompletionStage<Map<String, XmlElement>> getAll(BareJid owner) {
        requireNonNull(owner, "owner");
        return jdbc.call(what("get all", owner), c -> {
            // Sorted here, not by ORDER BY: database collations differ, KEY_ORDER does not.
            Map<String, XmlElement> values = new TreeMap<>(KEY_ORDER);
            try (PreparedStatement all = prepare(c, GET_ALL, owner); ResultSet rs = all.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), Jdbc.parseStored(rs.getString(2), what("get all", owner)));
                }
            }
            return Collections.unmodifiableMap(values);
        });
    }

    @Override
    public CompletionStage<Integer> removeAll(BareJid owner) {
        requireNonNull(owner, "owner");
        return jdbc.call(what("remove all", owner), c -> {
            try (PreparedStatement delete = prepare(c, DELETE_ALL, owner)) {
                return delete.executeUpdate();
            }
        });
    }

    private int update(Connection c, BareJid owner, String key, String xml) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(UPDATE)) {
            update.setString(1, xml);
            Jdbc.bindOwner(update, 2, owner);
            update.setString(4, name);
            update.setString(5, key);
            return update.executeUpdate();
        }
    }

    /** Prepares a statement whose first three parameters are (domain, localpart, store). */
    private PreparedStatement prepare(Connection c, String sql, BareJid owner) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        Jdbc.bindOwner(statement, 1, owner);
        statement.setString(3, name);
        return statement;
    }

    private String what(String operation, BareJid owner) {
        return operation + " " + name + " of " + owner;
    }
}
